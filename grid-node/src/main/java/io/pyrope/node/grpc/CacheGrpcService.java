package io.pyrope.node.grpc;

import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CacheInvalidateResponse;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CachePutResponse;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.CacheStatsResponse;
import io.pyrope.api.v1.DeleteAliasRequest;
import io.pyrope.api.v1.DeleteAliasResponse;
import io.pyrope.api.v1.GetAliasRequest;
import io.pyrope.api.v1.GetAliasResponse;
import io.pyrope.api.v1.SetAliasRequest;
import io.pyrope.api.v1.SetAliasResponse;
import io.pyrope.node.api.AliasApi;
import io.pyrope.node.llmcache.LlmCacheApi;

/** Thin gRPC handler: the caller comes from {@link AuthInterceptor}, the work from {@link LlmCacheApi} and {@link AliasApi}. */
final class CacheGrpcService extends CacheServiceGrpc.CacheServiceImplBase {
    private final LlmCacheApi api;
    private final AliasApi aliases;

    CacheGrpcService(LlmCacheApi api, AliasApi aliases) {
        this.api = api;
        this.aliases = aliases;
    }

    @Override
    public void setAlias(SetAliasRequest request, StreamObserver<SetAliasResponse> out) {
        Unary.call("SetAlias", request, out, aliases::setAlias);
    }

    @Override
    public void getAlias(GetAliasRequest request, StreamObserver<GetAliasResponse> out) {
        Unary.call("GetAlias", request, out, aliases::getAlias);
    }

    @Override
    public void deleteAlias(DeleteAliasRequest request, StreamObserver<DeleteAliasResponse> out) {
        Unary.call("DeleteAlias", request, out, aliases::deleteAlias);
    }

    @Override
    public void put(CachePutRequest request, StreamObserver<CachePutResponse> out) {
        Unary.call("Put", request, out, api::put);
    }

    @Override
    public void bulkPut(CacheBulkPutRequest request, StreamObserver<CachePutResponse> out) {
        Unary.call("BulkPut", request, out, api::bulkPut);
    }

    @Override
    public void lookup(CacheLookupRequest request, StreamObserver<CacheLookupResponse> out) {
        Unary.call("Lookup", request, out, api::lookup);
    }

    @Override
    public void invalidate(CacheInvalidateRequest request, StreamObserver<CacheInvalidateResponse> out) {
        Unary.call("Invalidate", request, out, api::invalidate);
    }

    @Override
    public void stats(CacheStatsRequest request, StreamObserver<CacheStatsResponse> out) {
        Unary.call("Stats", request, out, api::stats);
    }
}
