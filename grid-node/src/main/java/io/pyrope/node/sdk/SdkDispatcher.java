package io.pyrope.node.sdk;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;
import io.pyrope.node.api.AdminApi;
import io.pyrope.node.api.ApiError;
import io.pyrope.node.api.IndexApi;
import io.pyrope.node.api.VectorApi;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.api.AliasApi;
import io.pyrope.node.llmcache.LlmCacheApi;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The thin-client path's router: {@code SdkCall} bytes in, {@code SdkReply} bytes out. Methods
 * are named exactly as in gRPC ("pyrope.v1.VectorService/Search") and reach the same API layer
 * after the same authentication, so both transports validate and fail alike. UpsertStream has no
 * thin-client form (the SDK sends Upsert batches). Every call is measured ({@link SdkMeters}).
 * Never throws. Thread-safe.
 */
public final class SdkDispatcher {
    private final Authenticator authenticator;
    private final SdkMeters meters;
    private final Map<String, Route<?>> routes = new HashMap<>();

    /** A dispatcher whose meters go nowhere (tests of the routing alone). */
    public SdkDispatcher(Authenticator authenticator, IndexApi indexes, VectorApi vectors, AdminApi admin) {
        this(authenticator, indexes, vectors, admin, new SimpleMeterRegistry());
    }

    public SdkDispatcher(Authenticator authenticator, IndexApi indexes, VectorApi vectors, AdminApi admin,
                         MeterRegistry registry) {
        this.authenticator = authenticator;
        this.meters = new SdkMeters(registry);
        add(IndexServiceGrpc.getCreateIndexMethod(), indexes::createIndex);
        add(IndexServiceGrpc.getDescribeIndexMethod(), indexes::describeIndex);
        add(IndexServiceGrpc.getListIndexesMethod(), indexes::listIndexes);
        add(IndexServiceGrpc.getDropIndexMethod(), indexes::dropIndex);
        add(VectorServiceGrpc.getUpsertMethod(), vectors::upsert);
        add(VectorServiceGrpc.getGetMethod(), vectors::get);
        add(VectorServiceGrpc.getDeleteMethod(), vectors::delete);
        add(VectorServiceGrpc.getSearchMethod(), vectors::search);
        add(VectorServiceGrpc.getSearchBatchMethod(), vectors::searchBatch);
        add(AdminServiceGrpc.getCreateTenantMethod(), admin::createTenant);
        add(AdminServiceGrpc.getListTenantsMethod(), admin::listTenants);
        add(AdminServiceGrpc.getDeleteTenantMethod(), admin::deleteTenant);
        add(AdminServiceGrpc.getIssueKeyMethod(), admin::issueKey);
        add(AdminServiceGrpc.getRevokeKeyMethod(), admin::revokeKey);
        add(AdminServiceGrpc.getClusterInfoMethod(), admin::clusterInfo);
        add(AdminServiceGrpc.getSetTenantPolicyMethod(), admin::setTenantPolicy);
        add(AdminServiceGrpc.getGetTenantPolicyMethod(), admin::getTenantPolicy);
        add(AdminServiceGrpc.getGetUsageMethod(), admin::getUsage);
    }

    /** Adds the routes of CacheService (LLM-response cache and aliases); call before the dispatcher serves. */
    public SdkDispatcher withCacheService(LlmCacheApi cache, AliasApi aliases) {
        add(CacheServiceGrpc.getSetAliasMethod(), aliases::setAlias);
        add(CacheServiceGrpc.getGetAliasMethod(), aliases::getAlias);
        add(CacheServiceGrpc.getDeleteAliasMethod(), aliases::deleteAlias);
        add(CacheServiceGrpc.getPutMethod(), cache::put);
        add(CacheServiceGrpc.getBulkPutMethod(), cache::bulkPut);
        add(CacheServiceGrpc.getLookupMethod(), cache::lookup);
        add(CacheServiceGrpc.getInvalidateMethod(), cache::invalidate);
        add(CacheServiceGrpc.getStatsMethod(), cache::stats);
        return this;
    }

    /** Handles one serialized {@code SdkCall}; the reply carries a gRPC status code and message on failure. */
    public byte[] dispatch(byte[] callBytes) {
        Timer.Sample sample = meters.start();
        String[] known = new String[1];
        SdkReply reply = handle(callBytes, known);
        meters.record(sample, known[0], reply.getStatusCode());
        return reply.toByteArray();
    }

    /** @param known receives the method name once it is known to be a route */
    private SdkReply handle(byte[] callBytes, String[] known) {
        String method = "SdkCall";
        try {
            SdkCall call = SdkCall.parseFrom(callBytes == null ? new byte[0] : callBytes);
            method = call.getMethod();
            Route<?> route = routes.get(method);
            if (route == null) {
                return reply(ApiError.UNIMPLEMENTED, "unknown method '" + method + "' (expected e.g. "
                        + VectorServiceGrpc.getSearchMethod().getFullMethodName() + ")");
            }
            known[0] = method;
            Caller caller = authenticator.authenticate(call.getApiKey());
            return SdkReply.newBuilder().setPayload(route.invoke(caller, call)).build();
        } catch (InvalidProtocolBufferException e) {
            return reply(ErrorCode.INVALID_ARGUMENT.grpcCode(), "cannot parse the " + method + " message: " + e.getMessage());
        } catch (RuntimeException e) {
            ApiError error = ApiError.of(e, method);
            return reply(error.code(), error.message());
        }
    }

    private static SdkReply reply(int code, String message) {
        return SdkReply.newBuilder().setStatusCode(code).setStatusMessage(message).build();
    }

    @SuppressWarnings("unchecked")
    private <Q extends Message, R extends Message> void add(MethodDescriptor<Q, R> method, BiFunction<Caller, Q, R> handler) {
        MethodDescriptor.PrototypeMarshaller<Q> m = (MethodDescriptor.PrototypeMarshaller<Q>) method.getRequestMarshaller();
        Parser<Q> parser = (Parser<Q>) ((Message) m.getMessagePrototype()).getParserForType();
        routes.put(method.getFullMethodName(), new Route<>(parser, handler));
    }

    private record Route<Q extends Message>(Parser<Q> parser, BiFunction<Caller, Q, ? extends Message> handler) {
        com.google.protobuf.ByteString invoke(Caller caller, SdkCall call) throws InvalidProtocolBufferException {
            Q request;
            try {
                request = parser.parseFrom(call.getPayload());
            } catch (InvalidProtocolBufferException e) {
                throw new PyropeException(ErrorCode.INVALID_ARGUMENT, "cannot parse the payload of " + call.getMethod()
                        + ": " + e.getMessage());
            }
            return handler.apply(caller, request).toByteString();
        }
    }
}
