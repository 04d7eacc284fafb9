package io.pyrope.client;

import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.LlmCacheStats;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.QueryAlias;
import java.util.Optional;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.Limits;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantUsage;
import io.pyrope.domain.VectorRecord;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An in-memory {@link PyropeClient} for users' tests, as Kafka ships {@code MockProducer}: no
 * server, exact (brute-force) search with the server's score definitions, the server's input
 * validation ({@link io.pyrope.domain.Validation}) and status codes, and tenant isolation.
 *
 * <p>{@code new InMemoryPyropeClient()} acts for the default tenant with admin rights (it may
 * create tenants and issue keys). {@link #withApiKey(String)} returns a view on the same data
 * acting for the key's tenant without admin rights, which fails with UNAUTHENTICATED once the key
 * is revoked. Async methods run on the caller's thread and return completed futures.
 * Thread-safe. Not a performance model: search is a linear scan.
 */
public final class InMemoryPyropeClient implements PyropeClient {
    private final InMemoryStore store;
    private final String apiKey;
    private final TenantId rootTenant;
    private volatile boolean closed;

    /** A fresh, empty fake with the system clock. */
    public InMemoryPyropeClient() {
        this(Clock.systemUTC());
    }

    /** A fresh, empty fake whose creation times come from {@code clock}. */
    public InMemoryPyropeClient(Clock clock) {
        this(new InMemoryStore(Objects.requireNonNull(clock, "clock")), null, TenantId.DEFAULT);
    }

    private InMemoryPyropeClient(InMemoryStore store, String apiKey, TenantId rootTenant) {
        this.store = store;
        this.apiKey = apiKey;
        this.rootTenant = rootTenant;
    }

    /** A client on the same data acting as the tenant of {@code apiKey} (no admin rights). */
    public InMemoryPyropeClient withApiKey(String apiKey) {
        Objects.requireNonNull(apiKey, "apiKey");
        store.authenticate(apiKey);
        return new InMemoryPyropeClient(store, apiKey, null);
    }

    @Override
    public CompletableFuture<IndexInfo> createIndexAsync(IndexSpec spec) {
        return run(() -> store.createIndex(tenant(KeyRole.TENANT_ADMIN, "CreateIndex"), Objects.requireNonNull(spec, "spec")));
    }

    @Override
    public CompletableFuture<IndexInfo> describeIndexAsync(String index) {
        return run(() -> store.index(tenant(), index).info());
    }

    @Override
    public CompletableFuture<List<IndexInfo>> listIndexesAsync() {
        return run(() -> store.listIndexes(tenant()));
    }

    @Override
    public CompletableFuture<Long> dropIndexAsync(String index) {
        return run(() -> store.dropIndex(tenant(KeyRole.TENANT_ADMIN, "DropIndex"), index));
    }

    @Override
    public CompletableFuture<Long> upsertAsync(String index, List<VectorRecord> vectors) {
        return run(() -> store.index(tenant(KeyRole.WRITER, "Upsert"), index).upsert(List.copyOf(vectors)));
    }

    /** The fake has no embedding model: embed in the test, or test text input against a real node. */
    @Override
    public CompletableFuture<Long> upsertTextsAsync(String index, List<io.pyrope.domain.TextRecord> records) {
        return run(() -> {
            throw noEmbeddings();
        });
    }

    @Override
    public CompletableFuture<SearchResult> searchTextAsync(String index, io.pyrope.domain.TextQuery query) {
        return run(() -> {
            throw noEmbeddings();
        });
    }

    private static PyropeException noEmbeddings() {
        return new PyropeException(io.pyrope.domain.ErrorCode.FAILED_PRECONDITION,
                "the in-memory client has no embedding model: pass vectors, or use text against a real node");
    }

    @Override
    public CompletableFuture<List<VectorRecord>> getAsync(String index, List<String> ids, boolean includeVectors) {
        return run(() -> store.index(tenant(), index).get(List.copyOf(ids), includeVectors));
    }

    @Override
    public CompletableFuture<Long> deleteAsync(String index, List<String> ids) {
        return run(() -> store.index(tenant(KeyRole.WRITER, "Delete"), index).delete(List.copyOf(ids)));
    }

    @Override
    public CompletableFuture<SearchResult> searchAsync(String index, SearchQuery query) {
        return run(() -> {
            TenantId t = tenant();
            return store.charge(t, store.index(t, index).search(Objects.requireNonNull(query, "query")));
        });
    }

    /** The in-memory client has no result caches: every search is searched (NONE, or BYPASSED if asked). */
    @Override
    public CompletableFuture<io.pyrope.domain.SearchOutcome> searchOutcomeAsync(String index, SearchQuery query,
                                                                                io.pyrope.domain.SearchOptions options) {
        long t0 = System.nanoTime();
        return searchAsync(index, query).thenApply(r -> new io.pyrope.domain.SearchOutcome(r,
                options.bypassCache() ? io.pyrope.domain.CacheLevel.BYPASSED : io.pyrope.domain.CacheLevel.NONE, 0,
                System.nanoTime() - t0));
    }

    @Override
    public CompletableFuture<List<SearchResult>> searchBatchAsync(String index, List<SearchQuery> queries) {
        return run(() -> {
            if (queries.isEmpty() || queries.size() > Limits.MAX_SEARCH_BATCH) {
                throw PyropeException.invalid("search batch must hold 1.." + Limits.MAX_SEARCH_BATCH
                        + " searches, got " + queries.size());
            }
            TenantId t = tenant();
            InMemoryIndex target = store.index(t, index);
            List<SearchResult> out = new ArrayList<>(queries.size());
            for (SearchQuery q : queries) {
                out.add(store.charge(t, target.search(q)));
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<ApiKey> createTenantAsync(TenantId tenant, String displayName) {
        return run(() -> {
            requireAdmin();
            return store.createTenant(Objects.requireNonNull(tenant, "tenant"), displayName);
        });
    }

    @Override
    public CompletableFuture<List<TenantInfo>> listTenantsAsync() {
        return run(() -> {
            requireAdmin();
            return store.listTenants();
        });
    }

    @Override
    public CompletableFuture<TenantDeletion> deleteTenantAsync(TenantId tenant) {
        return run(() -> {
            requireAdmin();
            return store.deleteTenant(Objects.requireNonNull(tenant, "tenant"));
        });
    }

    @Override
    public CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant) {
        return issueKeyAsync(tenant, KeyRole.WRITER);
    }

    @Override
    public CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant, KeyRole role) {
        return run(() -> {
            TenantId target = Objects.requireNonNull(tenant, "tenant");
            if (apiKey != null) {
                TenantId own = tenant(KeyRole.TENANT_ADMIN, "IssueKey");
                if (!own.equals(target)) {
                    throw new PyropeException(ErrorCode.PERMISSION_DENIED, "IssueKey: a tenant key may only manage its own tenant");
                }
            }
            return store.issueKey(target, Objects.requireNonNull(role, "role"));
        });
    }

    @Override
    public CompletableFuture<Void> setTenantPolicyAsync(TenantId tenant, TenantPolicy policy) {
        return run(() -> {
            requireAdmin();
            store.setPolicy(Objects.requireNonNull(tenant, "tenant"), Objects.requireNonNull(policy, "policy"));
            return null;
        });
    }

    @Override
    public CompletableFuture<TenantPolicy> tenantPolicyAsync(TenantId tenant) {
        return run(() -> store.policy(managed(tenant, KeyRole.TENANT_ADMIN, "GetTenantPolicy")));
    }

    @Override
    public CompletableFuture<TenantUsage> usageAsync(TenantId tenant, YearMonth month) {
        return run(() -> store.usage(managed(tenant, KeyRole.READER, "GetUsage"), month));
    }

    @Override
    public CompletableFuture<Boolean> revokeKeyAsync(String keyId) {
        return run(() -> {
            requireAdmin();
            return store.revokeKey(Objects.requireNonNull(keyId, "keyId"));
        });
    }

    @Override
    public CompletableFuture<ClusterInfo> clusterInfoAsync() {
        return run(() -> {
            tenant();
            ClusterInfo.Node node = new ClusterInfo.Node("in-memory", "in-memory", true, 1, 0, store.shards(), "");
            return new ClusterInfo(List.of(node), 1, 0, 1);
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The caller's tenant if its key's role allows the operation (the root client may do anything). */
    private TenantId tenant(KeyRole needed, String operation) {
        TenantId t = tenant();
        if (apiKey != null) {
            KeyRole role = store.key(apiKey).role;
            if (!role.includes(needed)) {
                throw new PyropeException(ErrorCode.PERMISSION_DENIED, operation + " needs a " + needed
                        + " key (or higher); this key is " + role);
            }
        }
        return t;
    }

    /** Admin (root client): any named tenant; a tenant key: its own (null = own). */
    private TenantId managed(TenantId requested, KeyRole needed, String operation) {
        if (apiKey == null) {
            return requested == null ? tenant() : requested;
        }
        TenantId own = tenant(needed, operation);
        if (requested != null && !requested.equals(own)) {
            throw new PyropeException(ErrorCode.PERMISSION_DENIED, operation + ": a tenant key may only manage its own tenant");
        }
        return own;
    }

    @Override
    public CompletableFuture<Long> cachePutAsync(String namespace, LlmCacheEntry entry) {
        return run(() -> store.llmCache().put(tenant(), namespace, List.of(Objects.requireNonNull(entry, "entry"))));
    }

    @Override
    public CompletableFuture<Long> cacheBulkPutAsync(String namespace, List<LlmCacheEntry> entries) {
        return run(() -> store.llmCache().put(tenant(), namespace, List.copyOf(entries)));
    }

    @Override
    public CompletableFuture<Optional<LlmCacheHit>> cacheLookupAsync(String namespace, float[] embedding, float threshold,
                                                                     MetadataFilter filter) {
        return run(() -> store.llmCache().lookup(tenant(), namespace, Objects.requireNonNull(embedding, "embedding"),
                threshold, filter == null ? MetadataFilter.NONE : filter));
    }

    @Override
    public CompletableFuture<Long> cacheInvalidateAsync(String namespace, MetadataFilter filter, boolean all) {
        return run(() -> store.llmCache().invalidate(tenant(), namespace, filter == null ? MetadataFilter.NONE : filter, all));
    }

    @Override
    public CompletableFuture<LlmCacheStats> cacheStatsAsync(String namespace) {
        return run(() -> store.llmCache().stats(tenant(), namespace));
    }

    /** The fake stores aliases (with the server's validation); its searches have no caches, so they never use them. */
    @Override
    public CompletableFuture<Boolean> setAliasAsync(String index, String queryKey, String canonicalKey, float confidence,
                                                    java.time.Duration ttl) {
        return run(() -> {
            store.index(tenant(), index);
            return store.aliases().set(tenant(), index, queryKey, canonicalKey, confidence, ttl);
        });
    }

    @Override
    public CompletableFuture<Optional<QueryAlias>> getAliasAsync(String index, String queryKey) {
        return run(() -> store.aliases().get(tenant(), index, queryKey));
    }

    @Override
    public CompletableFuture<Boolean> deleteAliasAsync(String index, String queryKey) {
        return run(() -> store.aliases().delete(tenant(), index, queryKey));
    }

    private TenantId tenant() {
        if (closed) {
            throw new PyropeException(ErrorCode.UNAVAILABLE, "the client is closed");
        }
        return apiKey == null ? rootTenant : store.authenticate(apiKey);
    }

    private void requireAdmin() {
        tenant();
        if (apiKey != null) {
            throw new PyropeException(ErrorCode.PERMISSION_DENIED, "this operation needs the cluster admin key");
        }
    }

    /** Runs on the caller's thread; a failure (including a null argument) fails the future. */
    private static <T> CompletableFuture<T> run(Supplier<T> op) {
        try {
            return CompletableFuture.completedFuture(op.get());
        } catch (NullPointerException e) {
            return CompletableFuture.failedFuture(PyropeException.invalid("a required argument is null: " + e.getMessage()));
        } catch (RuntimeException e) {
            return Futures.failed(e);
        }
    }
}
