package io.pyrope.node.api;

import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DeleteResponse;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.GetResponse;
import io.pyrope.api.v1.SearchBatchRequest;
import io.pyrope.api.v1.SearchBatchResponse;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Limits;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.Validation;
import io.pyrope.domain.VectorRecord;
import io.pyrope.domain.KeyRole;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.cache.WriteFreshness;
import io.pyrope.node.embed.TextEmbedding;
import io.pyrope.node.quota.QuotaGuard;
import io.pyrope.node.search.SearchPipeline;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * VectorService without the transport. Cheap shape checks (index name, batch sizes) happen here
 * before any conversion; the checks against the index spec happen in {@link VectorGrid}. Either
 * way a rejected request changes nothing.
 */
public final class VectorApi {
    /** Longest SearchRequest.session_id. */
    public static final int MAX_SESSION_CHARS = 128;
    private final VectorGrid grid;
    private final SearchPipeline searches;
    private final QuotaGuard quotas;
    private final TextInput texts;
    private final WriteFreshness freshness;

    /** @param embedding turns text input into vectors (requests with vectors never use it) */
    public VectorApi(VectorGrid grid, SearchPipeline searches, QuotaGuard quotas, TextEmbedding embedding,
                     WriteFreshness freshness) {
        this.grid = grid;
        this.searches = searches;
        this.quotas = quotas;
        this.texts = new TextInput(grid, embedding);
        this.freshness = freshness;
    }

    /** One batch; also one message of an UpsertStream. All-or-nothing. Needs a WRITER key. */
    public UpsertResponse upsert(Caller caller, UpsertRequest request) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "Upsert");
        quotas.admit(tenant, request.getSerializedSize(), 1);
        String index = IndexSpec.validateName(request.getIndex());
        Validation.validateBatchSize("upsert", request.getVectorsList());
        List<VectorRecord> records = ProtoMapping.toDomainVectors(texts.resolve(tenant, index, request.getVectorsList()));
        quotas.checkNewVectors(tenant, index, records);
        long n = write(tenant, index, () -> grid.upsert(tenant, index, records));
        // Visible to searches now; the cache versions are bumped before the acknowledgement.
        freshness.afterUpsert(tenant, index, records);
        return UpsertResponse.newBuilder().setUpserted(n).build();
    }

    /** Runs a write; if it fails after it may have changed something, every cached result of the index goes stale. */
    private long write(TenantId tenant, String index, LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (PyropeException e) {
            if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.INTERNAL) {
                freshness.afterUncertainWrite(tenant, index);
            }
            throw e;
        } catch (RuntimeException e) {
            freshness.afterUncertainWrite(tenant, index);
            throw e;
        }
    }

    public GetResponse get(Caller caller, GetRequest request) {
        TenantId tenant = caller.requireTenant();
        quotas.admit(tenant, request.getSerializedSize(), 1);
        String index = IndexSpec.validateName(request.getIndex());
        Validation.validateIds("get", request.getIdsList());
        GetResponse.Builder b = GetResponse.newBuilder();
        for (VectorRecord v : grid.get(tenant, index, request.getIdsList(), request.getIncludeVectors())) {
            b.addVectors(ProtoMapping.toProto(v, request.getIncludeVectors()));
        }
        return b.build();
    }

    /** Needs a WRITER key. */
    public DeleteResponse delete(Caller caller, DeleteRequest request) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "Delete");
        quotas.admit(tenant, request.getSerializedSize(), 1);
        String index = IndexSpec.validateName(request.getIndex());
        Validation.validateIds("delete", request.getIdsList());
        // Read first: the clusters of the removed vectors get the write heat.
        List<VectorRecord> removed = grid.get(tenant, index, request.getIdsList(), true);
        long n = write(tenant, index, () -> grid.delete(tenant, index, request.getIdsList()));
        freshness.afterDelete(tenant, index, request.getIdsList(), removed);
        return DeleteResponse.newBuilder().setDeleted(n).build();
    }

    public SearchResponse search(Caller caller, SearchRequest request) {
        TenantId tenant = caller.requireTenant();
        quotas.admit(tenant, request.getSerializedSize(), 1);
        String index = IndexSpec.validateName(request.getIndex());
        return ProtoMapping.toProto(searches.search(caller, tenant, index, ProtoMapping.toDomain(texts.resolve(tenant, index, request)),
                request.getBypassCache(), queryKey(request), session(request)));
    }

    /** Runs the searches in order; the first failing search fails the batch (naming its position). */
    public SearchBatchResponse searchBatch(Caller caller, SearchBatchRequest request) {
        TenantId tenant = caller.requireTenant();
        int n = request.getSearchesCount();
        if (n == 0 || n > Limits.MAX_SEARCH_BATCH) {
            throw PyropeException.invalid("search batch has " + n + " searches; it must have 1.." + Limits.MAX_SEARCH_BATCH);
        }
        // Each search of the batch is a request for the rate limit.
        quotas.admit(tenant, request.getSerializedSize(), n);
        SearchBatchResponse.Builder b = SearchBatchResponse.newBuilder();
        for (int i = 0; i < n; i++) {
            SearchRequest r = request.getSearches(i);
            try {
                String index = IndexSpec.validateName(r.getIndex());
                b.addResults(ProtoMapping.toProto(searches.search(caller, tenant, index, ProtoMapping.toDomain(texts.resolve(tenant, index, r)),
                        r.getBypassCache(), queryKey(r), session(r))));
            } catch (PyropeException e) {
                throw new PyropeException(e.code(), "searches[" + i + "]: " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private static String queryKey(SearchRequest r) {
        if (r.getQueryKey().length() > AliasApi.MAX_KEY_CHARS) {
            throw PyropeException.invalid("query_key has " + r.getQueryKey().length() + " characters; the limit is "
                    + AliasApi.MAX_KEY_CHARS);
        }
        return r.getQueryKey();
    }

    private static String session(SearchRequest r) {
        if (r.getSessionId().length() > MAX_SESSION_CHARS) {
            throw PyropeException.invalid("session_id has " + r.getSessionId().length() + " characters; the limit is "
                    + MAX_SESSION_CHARS);
        }
        return r.getSessionId();
    }
}
