package io.pyrope.client;

import io.pyrope.api.CacheProtoMapping;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.DeleteAliasRequest;
import io.pyrope.api.v1.GetAliasRequest;
import io.pyrope.api.v1.SetAliasRequest;
import io.pyrope.domain.QueryAlias;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.LlmCacheStats;
import io.pyrope.domain.MetadataFilter;
import java.util.Optional;
import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.TenancyMapping;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DeleteTenantRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.SearchBatchRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantUsage;
import io.pyrope.domain.TextQuery;
import io.pyrope.domain.TextRecord;
import io.pyrope.domain.VectorRecord;

import java.io.ByteArrayInputStream;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * {@link PyropeClient} over the Ignite thin client. Every call is the pyrope.v1 request message
 * that gRPC would carry, wrapped in an SdkCall with the API key and run by the server's entry
 * task, so auth, validation and quotas are the server's, identical on both transports.
 */
final class ThinClientPyropeClient implements PyropeClient {
    private final SdkTransport transport;
    private final String apiKey;
    private final boolean bypassCaches;
    private final AtomicBoolean closed = new AtomicBoolean();

    ThinClientPyropeClient(SdkTransport transport, String apiKey) {
        this(transport, apiKey, false);
    }

    /** @param bypassCaches every search asks the server to bypass its result caches */
    ThinClientPyropeClient(SdkTransport transport, String apiKey, boolean bypassCaches) {
        this.transport = Objects.requireNonNull(transport);
        this.apiKey = Objects.requireNonNull(apiKey);
        this.bypassCaches = bypassCaches;
    }

    private SearchRequest searchRequest(String index, SearchQuery query) {
        SearchRequest r = ProtoMapping.toProto(index, query);
        return bypassCaches ? r.toBuilder().setBypassCache(true).build() : r;
    }

    @Override
    public CompletableFuture<IndexInfo> createIndexAsync(IndexSpec spec) {
        return call(IndexServiceGrpc.getCreateIndexMethod(),
                () -> CreateIndexRequest.newBuilder().setSpec(ProtoMapping.toProto(spec)).build(),
                r -> ProtoMapping.toDomain(r.getIndex()));
    }

    @Override
    public CompletableFuture<IndexInfo> describeIndexAsync(String index) {
        return call(IndexServiceGrpc.getDescribeIndexMethod(),
                () -> DescribeIndexRequest.newBuilder().setName(index).build(),
                ProtoMapping::toDomain);
    }

    @Override
    public CompletableFuture<List<IndexInfo>> listIndexesAsync() {
        return call(IndexServiceGrpc.getListIndexesMethod(),
                ListIndexesRequest::getDefaultInstance,
                r -> r.getIndexesList().stream().map(ProtoMapping::toDomain).toList());
    }

    @Override
    public CompletableFuture<Long> dropIndexAsync(String index) {
        return call(IndexServiceGrpc.getDropIndexMethod(),
                () -> DropIndexRequest.newBuilder().setName(index).build(),
                r -> r.getRemovedVectors());
    }

    @Override
    public CompletableFuture<Long> upsertAsync(String index, List<VectorRecord> vectors) {
        return call(VectorServiceGrpc.getUpsertMethod(), () -> {
            UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
            for (VectorRecord v : vectors) {
                b.addVectors(ProtoMapping.toProto(v, true));
            }
            return b.build();
        }, r -> r.getUpserted());
    }

    @Override
    public CompletableFuture<Long> upsertTextsAsync(String index, List<TextRecord> records) {
        return call(VectorServiceGrpc.getUpsertMethod(), () -> {
            UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
            for (TextRecord t : records) {
                b.addVectors(ProtoMapping.toProto(t));
            }
            return b.build();
        }, r -> r.getUpserted());
    }

    @Override
    public CompletableFuture<SearchResult> searchTextAsync(String index, TextQuery query) {
        return call(VectorServiceGrpc.getSearchMethod(), () -> ProtoMapping.toProto(index, query), ProtoMapping::toDomain);
    }

    @Override
    public CompletableFuture<List<VectorRecord>> getAsync(String index, List<String> ids, boolean includeVectors) {
        return call(VectorServiceGrpc.getGetMethod(),
                () -> GetRequest.newBuilder().setIndex(index).addAllIds(ids).setIncludeVectors(includeVectors).build(),
                r -> ProtoMapping.toDomainVectors(r.getVectorsList()));
    }

    @Override
    public CompletableFuture<Long> deleteAsync(String index, List<String> ids) {
        return call(VectorServiceGrpc.getDeleteMethod(),
                () -> DeleteRequest.newBuilder().setIndex(index).addAllIds(ids).build(),
                r -> r.getDeleted());
    }

    @Override
    public CompletableFuture<SearchResult> searchAsync(String index, SearchQuery query) {
        return call(VectorServiceGrpc.getSearchMethod(),
                () -> searchRequest(index, query),
                ProtoMapping::toDomain);
    }

    @Override
    public CompletableFuture<io.pyrope.domain.SearchOutcome> searchOutcomeAsync(String index, SearchQuery query,
                                                                                io.pyrope.domain.SearchOptions options) {
        return call(VectorServiceGrpc.getSearchMethod(),
                () -> ProtoMapping.toProto(index, query).toBuilder()
                        .setBypassCache(bypassCaches || options.bypassCache())
                        .setQueryKey(options.queryKey()).build(),
                ProtoMapping::toOutcome);
    }

    @Override
    public CompletableFuture<List<SearchResult>> searchBatchAsync(String index, List<SearchQuery> queries) {
        return call(VectorServiceGrpc.getSearchBatchMethod(), () -> {
            SearchBatchRequest.Builder b = SearchBatchRequest.newBuilder();
            for (SearchQuery q : queries) {
                b.addSearches(searchRequest(index, q));
            }
            return b.build();
        }, r -> r.getResultsList().stream().map(ProtoMapping::toDomain).toList());
    }

    @Override
    public CompletableFuture<ApiKey> createTenantAsync(TenantId tenant, String displayName) {
        return call(AdminServiceGrpc.getCreateTenantMethod(),
                () -> CreateTenantRequest.newBuilder().setId(tenant.value()).setDisplayName(displayName).build(),
                r -> new ApiKey(new TenantId(r.getTenant().getId()), r.getKeyId(), r.getApiKey()));
    }

    @Override
    public CompletableFuture<List<TenantInfo>> listTenantsAsync() {
        return call(AdminServiceGrpc.getListTenantsMethod(),
                ListTenantsRequest::getDefaultInstance,
                r -> r.getTenantsList().stream()
                        .map(t -> new TenantInfo(new TenantId(t.getId()), t.getDisplayName(), t.getCreatedAtMs()))
                        .toList());
    }

    @Override
    public CompletableFuture<TenantDeletion> deleteTenantAsync(TenantId tenant) {
        return call(AdminServiceGrpc.getDeleteTenantMethod(),
                () -> DeleteTenantRequest.newBuilder().setId(tenant.value()).build(),
                r -> new TenantDeletion(r.getDroppedIndexes(), r.getRevokedKeys()));
    }

    @Override
    public CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant) {
        return call(AdminServiceGrpc.getIssueKeyMethod(),
                () -> IssueKeyRequest.newBuilder().setTenantId(tenant.value()).build(),
                r -> new ApiKey(tenant, r.getKeyId(), r.getApiKey()));
    }

    @Override
    public CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant, KeyRole role) {
        return call(AdminServiceGrpc.getIssueKeyMethod(),
                () -> IssueKeyRequest.newBuilder().setTenantId(tenant.value()).setRole(TenancyMapping.toProto(role)).build(),
                r -> new ApiKey(tenant, r.getKeyId(), r.getApiKey()));
    }

    @Override
    public CompletableFuture<Void> setTenantPolicyAsync(TenantId tenant, TenantPolicy policy) {
        return call(AdminServiceGrpc.getSetTenantPolicyMethod(), () -> {
            io.pyrope.api.v1.TenantPolicy p = TenancyMapping.toProto(tenant, policy);
            return SetTenantPolicyRequest.newBuilder().setTenantId(tenant.value()).setQuotas(p.getQuotas())
                    .setBudget(p.getBudget()).build();
        }, r -> null);
    }

    @Override
    public CompletableFuture<TenantPolicy> tenantPolicyAsync(TenantId tenant) {
        return call(AdminServiceGrpc.getGetTenantPolicyMethod(),
                () -> GetTenantPolicyRequest.newBuilder().setTenantId(tenant == null ? "" : tenant.value()).build(),
                r -> TenancyMapping.toDomain(r.getQuotas(), r.getBudget()));
    }

    @Override
    public CompletableFuture<TenantUsage> usageAsync(TenantId tenant, YearMonth month) {
        return call(AdminServiceGrpc.getGetUsageMethod(), () -> {
            GetUsageRequest.Builder b = GetUsageRequest.newBuilder().setTenantId(tenant == null ? "" : tenant.value());
            if (month != null) {
                b.setYear(month.getYear()).setMonth(month.getMonthValue());
            }
            return b.build();
        }, TenancyMapping::toDomain);
    }

    @Override
    public CompletableFuture<Boolean> revokeKeyAsync(String keyId) {
        return call(AdminServiceGrpc.getRevokeKeyMethod(),
                () -> RevokeKeyRequest.newBuilder().setKeyId(keyId).build(),
                r -> r.getRevoked());
    }

    @Override
    public CompletableFuture<ClusterInfo> clusterInfoAsync() {
        return call(AdminServiceGrpc.getClusterInfoMethod(),
                ClusterInfoRequest::getDefaultInstance,
                ClusterInfoMapping::toDomain);
    }

    @Override
    public CompletableFuture<Long> cachePutAsync(String namespace, LlmCacheEntry entry) {
        return call(CacheServiceGrpc.getPutMethod(),
                () -> CachePutRequest.newBuilder().setNamespace(namespace).setEntry(CacheProtoMapping.toProto(entry)).build(),
                r -> r.getStored());
    }

    @Override
    public CompletableFuture<Long> cacheBulkPutAsync(String namespace, List<LlmCacheEntry> entries) {
        return call(CacheServiceGrpc.getBulkPutMethod(), () -> {
            CacheBulkPutRequest.Builder b = CacheBulkPutRequest.newBuilder().setNamespace(namespace);
            entries.forEach(e -> b.addEntries(CacheProtoMapping.toProto(e)));
            return b.build();
        }, r -> r.getStored());
    }

    @Override
    public CompletableFuture<Optional<LlmCacheHit>> cacheLookupAsync(String namespace, float[] embedding, float threshold,
                                                                     MetadataFilter filter) {
        return call(CacheServiceGrpc.getLookupMethod(),
                () -> CacheProtoMapping.lookup(namespace, embedding, threshold, filter),
                CacheProtoMapping::toDomain);
    }

    @Override
    public CompletableFuture<Long> cacheInvalidateAsync(String namespace, MetadataFilter filter, boolean all) {
        return call(CacheServiceGrpc.getInvalidateMethod(),
                () -> CacheInvalidateRequest.newBuilder().setNamespace(namespace).setAll(all)
                        .setFilter(io.pyrope.api.v1.MetadataFilter.newBuilder().putAllMustEqual(filter.mustEqual())).build(),
                r -> r.getRemoved());
    }

    @Override
    public CompletableFuture<LlmCacheStats> cacheStatsAsync(String namespace) {
        return call(CacheServiceGrpc.getStatsMethod(),
                () -> CacheStatsRequest.newBuilder().setNamespace(namespace).build(),
                CacheProtoMapping::toDomain);
    }

    @Override
    public CompletableFuture<Boolean> setAliasAsync(String index, String queryKey, String canonicalKey, float confidence,
                                                    java.time.Duration ttl) {
        return call(CacheServiceGrpc.getSetAliasMethod(),
                () -> SetAliasRequest.newBuilder().setIndex(index).setQueryKey(queryKey).setCanonicalKey(canonicalKey)
                        .setConfidence(confidence).setTtlSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds())).build(),
                r -> r.getCreated());
    }

    @Override
    public CompletableFuture<Optional<QueryAlias>> getAliasAsync(String index, String queryKey) {
        return call(CacheServiceGrpc.getGetAliasMethod(),
                () -> GetAliasRequest.newBuilder().setIndex(index).setQueryKey(queryKey).build(),
                r -> r.getFound()
                        ? Optional.of(new QueryAlias(r.getCanonicalKey(), r.getConfidence(), r.getExpiresAtMs(), r.getActive()))
                        : Optional.empty());
    }

    @Override
    public CompletableFuture<Boolean> deleteAliasAsync(String index, String queryKey) {
        return call(CacheServiceGrpc.getDeleteAliasMethod(),
                () -> DeleteAliasRequest.newBuilder().setIndex(index).setQueryKey(queryKey).build(),
                r -> r.getDeleted());
    }

    /**
     * One round trip: build the request (argument errors fail the future, never throw), wrap it,
     * send it, unwrap the reply and convert the response to domain types.
     */
    private <Q extends MessageLite, R, T> CompletableFuture<T> call(MethodDescriptor<Q, R> method,
                                                                     java.util.function.Supplier<Q> request,
                                                                     Function<R, T> toDomain) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new PyropeException(ErrorCode.UNAVAILABLE, "the client is closed"));
        }
        String name = method.getFullMethodName();
        byte[] envelope;
        try {
            envelope = SdkEnvelope.wrap(name, apiKey, request.get().toByteArray());
        } catch (NullPointerException e) {
            return CompletableFuture.failedFuture(PyropeException.invalid(name + ": a required argument is null"));
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
        return transport.execute(envelope).thenApply(reply -> {
            byte[] payload = SdkEnvelope.unwrap(name, reply);
            R response = method.parseResponse(new ByteArrayInputStream(payload));
            return toDomain.apply(response);
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
