package io.pyrope.client;

import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.LlmCacheStats;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.QueryAlias;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantUsage;
import io.pyrope.domain.VectorRecord;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Pyrope client for JVM services: index administration, vector reads and writes, search, and
 * cluster administration, all within the tenant of the API key the client was built with.
 *
 * <p><b>Thread safety.</b> Implementations are thread-safe; share one client per process and
 * call it from any number of threads.
 *
 * <p><b>Nullness.</b> No argument may be {@code null} and no method returns {@code null}; a
 * missing vector is simply absent from {@link #get}'s result.
 *
 * <p><b>Failures.</b> Every method throws (sync) or completes exceptionally with (async) a
 * {@link io.pyrope.domain.PyropeException} whose {@code code()} is the status the server
 * returned, the same one a gRPC caller gets for the same request (e.g. INVALID_ARGUMENT for a
 * wrong dimension, NOT_FOUND for an unknown index or another tenant's index, UNAUTHENTICATED for
 * a bad key). A failed request changes nothing. Transport failures and client-side timeouts are
 * reported as UNAVAILABLE. Async methods never throw: even bad arguments fail the returned
 * future. Callbacks on those futures may run on an SDK thread, so keep them short and do not
 * block in them on another Pyrope call.
 *
 * <p><b>Writes</b> are acknowledged once stored on their primary and backup copies and indexed:
 * a search that starts after {@link #upsert} or {@link #delete} returns sees the change.
 *
 * <p><b>Scores</b> are similarities where larger is better: cosine similarity for COSINE, the raw
 * dot product for DOT_PRODUCT and {@code 1 / (1 + squared distance)} for L2 (see {@link Similarity}).
 *
 * <p>Close the client to release its connections; calls after {@link #close()} fail with
 * UNAVAILABLE. For tests of code that uses this interface, see {@link InMemoryPyropeClient}.
 */
public interface PyropeClient extends AutoCloseable {

    /** A builder for the thin-client implementation. */
    static PyropeClientBuilder builder() {
        return new PyropeClientBuilder();
    }

    // ---- index administration ------------------------------------------------------------

    /** Creates an index; ALREADY_EXISTS if the tenant has one of that name. */
    CompletableFuture<IndexInfo> createIndexAsync(IndexSpec spec);

    /** Describes an index; NOT_FOUND if the tenant has none of that name. */
    CompletableFuture<IndexInfo> describeIndexAsync(String index);

    /** The tenant's indexes. */
    CompletableFuture<List<IndexInfo>> listIndexesAsync();

    /** Drops an index and its vectors; returns the number of vectors removed. */
    CompletableFuture<Long> dropIndexAsync(String index);

    // ---- vectors --------------------------------------------------------------------------

    /**
     * Inserts or replaces 1..1000 vectors by id; all-or-nothing validation. Returns the number
     * upserted. Use several calls (or the gRPC UpsertStream) for bulk loads.
     */
    CompletableFuture<Long> upsertAsync(String index, List<VectorRecord> vectors);

    /**
     * The vectors with the given 1..1000 ids that exist, in request order. Without
     * {@code includeVectors} the returned records carry ids and metadata but empty values.
     */
    CompletableFuture<List<VectorRecord>> getAsync(String index, List<String> ids, boolean includeVectors);

    /** Deletes 1..1000 ids (unknown ids are ignored); returns how many existed. */
    CompletableFuture<Long> deleteAsync(String index, List<String> ids);

    /** Nearest neighbours of {@code query.vector()}, best first. */
    CompletableFuture<SearchResult> searchAsync(String index, SearchQuery query);

    /**
     * The search with how it was answered: the result, the cache level (EXACT, SEMANTIC,
     * ALIAS_EXACT; NONE when it was searched; BYPASSED), the similarity of a semantic hit and the
     * server-side time. {@code options} bypass the result caches or name the query by a key.
     */
    CompletableFuture<io.pyrope.domain.SearchOutcome> searchOutcomeAsync(String index, SearchQuery query,
                                                                         io.pyrope.domain.SearchOptions options);

    /**
     * Upserts by text: the node embeds each text with the index's embedding model (the index must
     * have been created with one). Same all-or-nothing rules as {@link #upsertAsync}.
     */
    CompletableFuture<Long> upsertTextsAsync(String index, List<io.pyrope.domain.TextRecord> records);

    /** Searches by text: embedded with the index's model, then the same search as a vector query. */
    CompletableFuture<SearchResult> searchTextAsync(String index, io.pyrope.domain.TextQuery query);

    /** 1..100 searches against one index in one round trip; results in query order. */
    CompletableFuture<List<SearchResult>> searchBatchAsync(String index, List<SearchQuery> queries);

    // ---- cluster administration (all but clusterInfo need the admin key) -------------------

    /** Creates a tenant and a first API key for it (the secret is returned only here). */
    CompletableFuture<ApiKey> createTenantAsync(TenantId tenant, String displayName);

    /** Every tenant. */
    CompletableFuture<List<TenantInfo>> listTenantsAsync();

    /** Deletes a tenant with its indexes and keys; NOT_FOUND if there is none. */
    CompletableFuture<TenantDeletion> deleteTenantAsync(TenantId tenant);

    /** Issues another API key for a tenant, with role WRITER. */
    CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant);

    /**
     * Issues a key with a role: the admin key for any tenant, a TENANT_ADMIN key for its own.
     * READER keys search and read; WRITER keys also upsert and delete; TENANT_ADMIN keys also
     * create and drop indexes and manage the tenant's keys.
     */
    CompletableFuture<ApiKey> issueKeyAsync(TenantId tenant, KeyRole role);

    /** Sets a tenant's quotas and budget policy (admin key). */
    CompletableFuture<Void> setTenantPolicyAsync(TenantId tenant, TenantPolicy policy);

    /** A tenant's quotas and budget policy (admin key, or the tenant's own TENANT_ADMIN key). */
    CompletableFuture<TenantPolicy> tenantPolicyAsync(TenantId tenant);

    /**
     * A tenant's usage in a calendar month (null = the current one): spend, budget, searches,
     * degradations, rejections. Any key of the tenant for its own; the admin key for any.
     */
    CompletableFuture<TenantUsage> usageAsync(TenantId tenant, YearMonth month);

    /** Revokes a key by its public id; returns whether it was active. */
    CompletableFuture<Boolean> revokeKeyAsync(String keyId);

    /** Nodes, partitions and per-node shard sizes; open to any valid key. */
    CompletableFuture<ClusterInfo> clusterInfoAsync();

    // ---- LLM-response cache (CacheService) ------------------------------------------------

    /** Stores one entry in the namespace (created on first use); an entry with the same embedding is replaced. */
    CompletableFuture<Long> cachePutAsync(String namespace, LlmCacheEntry entry);

    /** Stores up to 1000 entries of one dimension (pre-warming). */
    CompletableFuture<Long> cacheBulkPutAsync(String namespace, List<LlmCacheEntry> entries);

    /** The best live entry with cosine similarity >= threshold (0 = 0.95) matching the filter, if any. */
    CompletableFuture<Optional<LlmCacheHit>> cacheLookupAsync(String namespace, float[] embedding, float threshold,
                                                              MetadataFilter filter);

    /** Removes the entries matching the filter, or all of them; returns how many. */
    CompletableFuture<Long> cacheInvalidateAsync(String namespace, MetadataFilter filter, boolean all);

    CompletableFuture<LlmCacheStats> cacheStatsAsync(String namespace);

    /** Sets (or replaces) the canonical alias of a query key of an index; true when it is new. */
    CompletableFuture<Boolean> setAliasAsync(String index, String queryKey, String canonicalKey, float confidence,
                                             java.time.Duration ttl);

    CompletableFuture<Optional<QueryAlias>> getAliasAsync(String index, String queryKey);

    CompletableFuture<Boolean> deleteAliasAsync(String index, String queryKey);

    // ---- blocking variants ------------------------------------------------------------------

    default boolean setAlias(String index, String queryKey, String canonicalKey, float confidence, java.time.Duration ttl) {
        return Futures.await(setAliasAsync(index, queryKey, canonicalKey, confidence, ttl));
    }

    default Optional<QueryAlias> getAlias(String index, String queryKey) {
        return Futures.await(getAliasAsync(index, queryKey));
    }

    default boolean deleteAlias(String index, String queryKey) {
        return Futures.await(deleteAliasAsync(index, queryKey));
    }

    default long cachePut(String namespace, LlmCacheEntry entry) {
        return Futures.await(cachePutAsync(namespace, entry));
    }

    default long cacheBulkPut(String namespace, List<LlmCacheEntry> entries) {
        return Futures.await(cacheBulkPutAsync(namespace, entries));
    }

    default Optional<LlmCacheHit> cacheLookup(String namespace, float[] embedding, float threshold, MetadataFilter filter) {
        return Futures.await(cacheLookupAsync(namespace, embedding, threshold, filter));
    }

    default long cacheInvalidate(String namespace, MetadataFilter filter, boolean all) {
        return Futures.await(cacheInvalidateAsync(namespace, filter, all));
    }

    default LlmCacheStats cacheStats(String namespace) {
        return Futures.await(cacheStatsAsync(namespace));
    }

    default IndexInfo createIndex(IndexSpec spec) {
        return Futures.await(createIndexAsync(spec));
    }

    default IndexInfo describeIndex(String index) {
        return Futures.await(describeIndexAsync(index));
    }

    default List<IndexInfo> listIndexes() {
        return Futures.await(listIndexesAsync());
    }

    default long dropIndex(String index) {
        return Futures.await(dropIndexAsync(index));
    }

    default long upsert(String index, List<VectorRecord> vectors) {
        return Futures.await(upsertAsync(index, vectors));
    }

    default List<VectorRecord> get(String index, List<String> ids, boolean includeVectors) {
        return Futures.await(getAsync(index, ids, includeVectors));
    }

    /** {@link #get(String, List, boolean)} with values included. */
    default List<VectorRecord> get(String index, List<String> ids) {
        return get(index, ids, true);
    }

    default long delete(String index, List<String> ids) {
        return Futures.await(deleteAsync(index, ids));
    }

    default SearchResult search(String index, SearchQuery query) {
        return Futures.await(searchAsync(index, query));
    }

    default io.pyrope.domain.SearchOutcome searchOutcome(String index, SearchQuery query) {
        return searchOutcome(index, query, io.pyrope.domain.SearchOptions.DEFAULT);
    }

    default io.pyrope.domain.SearchOutcome searchOutcome(String index, SearchQuery query,
                                                         io.pyrope.domain.SearchOptions options) {
        return Futures.await(searchOutcomeAsync(index, query, options));
    }

    default long upsertTexts(String index, List<io.pyrope.domain.TextRecord> records) {
        return Futures.await(upsertTextsAsync(index, records));
    }

    default SearchResult searchText(String index, io.pyrope.domain.TextQuery query) {
        return Futures.await(searchTextAsync(index, query));
    }

    default List<SearchResult> searchBatch(String index, List<SearchQuery> queries) {
        return Futures.await(searchBatchAsync(index, queries));
    }

    default ApiKey createTenant(TenantId tenant, String displayName) {
        return Futures.await(createTenantAsync(tenant, displayName));
    }

    default List<TenantInfo> listTenants() {
        return Futures.await(listTenantsAsync());
    }

    default TenantDeletion deleteTenant(TenantId tenant) {
        return Futures.await(deleteTenantAsync(tenant));
    }

    default ApiKey issueKey(TenantId tenant) {
        return Futures.await(issueKeyAsync(tenant));
    }

    default boolean revokeKey(String keyId) {
        return Futures.await(revokeKeyAsync(keyId));
    }

    default ClusterInfo clusterInfo() {
        return Futures.await(clusterInfoAsync());
    }

    /** Releases connections. Idempotent; never throws. */
    @Override
    void close();

    default ApiKey issueKey(TenantId tenant, KeyRole role) {
        return Futures.await(issueKeyAsync(tenant, role));
    }

    default void setTenantPolicy(TenantId tenant, TenantPolicy policy) {
        Futures.await(setTenantPolicyAsync(tenant, policy));
    }

    default TenantPolicy tenantPolicy(TenantId tenant) {
        return Futures.await(tenantPolicyAsync(tenant));
    }

    /** The current month's usage of a tenant. */
    default TenantUsage usage(TenantId tenant) {
        return Futures.await(usageAsync(tenant, null));
    }
}
