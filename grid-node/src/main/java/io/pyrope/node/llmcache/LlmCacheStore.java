package io.pyrope.node.llmcache;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.compute.VectorGrid;
import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.Metric;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The LLM-response cache of every tenant. A namespace is an internal COSINE vector index of the
 * tenant ({@value #INDEX_PREFIX}namespace): lookups are ANN searches by the shard engine, never a
 * scan. Responses live beside it in a PARTITIONED cache with one backup, keyed by
 * tenant/namespace/entry id (the id is a hash of the embedding, so the same prompt replaces its
 * entry). A response is stored before its vector, so a vector that a lookup finds has its response.
 *
 * <p>Bounds: each entry's TTL (Ignite expiry on the response; expired vectors are skipped and
 * evicted first), and a per-tenant entry count (a cluster-wide atomic counter): past it, this node
 * evicts the least recently used 10 % in the background (one scan per eviction round, so the
 * scan's cost is spread over the puts that filled that 10 %). Owns its eviction thread.
 */
public final class LlmCacheStore implements AutoCloseable {
    static final String INDEX_PREFIX = "pyrope-llm-";
    static final String RESPONSES = "pyrope-llm-responses";
    /** Candidates fetched per lookup; the best one within the threshold whose response is alive wins. */
    private static final int CANDIDATES = 4;
    private static final Logger LOG = LoggerFactory.getLogger(LlmCacheStore.class);

    private final Ignite ignite;
    private final VectorGrid grid;
    private final IndexCatalog catalog;
    private final IgniteCache<String, StoredResponse> responses;
    private final Clock clock;
    private final long maxEntriesPerTenant;
    private final ExecutorService evictor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pyrope-llm-cache-evict");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> evicting = ConcurrentHashMap.newKeySet();

    public LlmCacheStore(Ignite ignite, VectorGrid grid, IndexCatalog catalog, Clock clock, long maxEntriesPerTenant) {
        this.ignite = ignite;
        this.grid = grid;
        this.catalog = catalog;
        this.clock = clock;
        this.maxEntriesPerTenant = maxEntriesPerTenant;
        this.responses = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, StoredResponse>(RESPONSES)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(1)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setEagerTtl(true));
    }

    Ignite ignite() {
        return ignite;
    }

    static String indexName(String namespace) {
        return INDEX_PREFIX + namespace;
    }

    /**
     * Stores the entries (one namespace, one dimension); returns how many were stored. A new
     * namespace is created for {@code model} ("" = embeddings only).
     */
    public long put(TenantId tenant, String namespace, List<LlmEntry> entries, String model) {
        String index = indexName(namespace);
        IndexSpec spec = ensureNamespace(tenant, namespace, entries.get(0).embedding().length, model);
        if (spec.dimension() != entries.get(0).embedding().length) {
            throw PyropeException.invalid("namespace '" + namespace + "' holds " + spec.dimension()
                    + "-dimensional embeddings; got " + entries.get(0).embedding().length);
        }
        long now = clock.millis();
        Map<String, LlmEntry> byId = new LinkedHashMap<>();
        for (LlmEntry e : entries) {
            byId.put(entryId(e.embedding()), e);
        }
        Map<String, StoredResponse> stored = new HashMap<>();
        List<VectorRecord> vectors = new ArrayList<>(byId.size());
        for (Map.Entry<String, LlmEntry> e : byId.entrySet()) {
            LlmEntry entry = e.getValue();
            long expires = now + entry.ttlMs();
            stored.put(key(tenant, namespace, e.getKey()), new StoredResponse(entry.response(), entry.metadata(), expires, now));
            vectors.add(new VectorRecord(e.getKey(), entry.embedding(), entry.metadata()));
        }
        long fresh = byId.size() - responses.getAll(stored.keySet()).size();
        for (Map.Entry<String, StoredResponse> e : stored.entrySet()) {
            long ttl = Math.max(1, e.getValue().expiresAtMs() - now);
            responses.withExpiryPolicy(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, ttl)))
                    .put(e.getKey(), e.getValue());
        }
        grid.upsert(tenant, index, vectors);
        long count = counter(tenant).addAndGet(fresh);
        if (count > maxEntriesPerTenant && evicting.add(tenant.value())) {
            evictor.execute(() -> evict(tenant));
        }
        return byId.size();
    }

    /** The best live entry with cosine similarity >= threshold among the nearest candidates. */
    public java.util.Optional<LlmHit> lookup(TenantId tenant, String namespace, float[] embedding, double threshold,
                                             MetadataFilter filter) {
        String index = indexName(namespace);
        if (catalog.find(tenant, index).isEmpty()) {
            return java.util.Optional.empty();
        }
        SearchResult r;
        try {
            r = grid.search(tenant, index, new SearchQuery(embedding, CANDIDATES, 0, filter, false, false));
        } catch (PyropeException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return java.util.Optional.empty();
            }
            throw e;
        }
        long now = clock.millis();
        for (SearchHit h : r.hits()) {
            if (h.score() < threshold) {
                break;
            }
            String key = key(tenant, namespace, h.id());
            StoredResponse s = responses.get(key);
            if (s != null && s.expiresAtMs() > now) {
                responses.invokeAsync(key, new TouchResponse(now));
                return java.util.Optional.of(new LlmHit(s.response(), s.metadata(), h.score()));
            }
        }
        return java.util.Optional.empty();
    }

    /** Removes the namespace's entries matching the filter (or all); returns how many. */
    public long invalidate(TenantId tenant, String namespace, MetadataFilter filter, boolean all) {
        String prefix = key(tenant, namespace, "");
        List<String> ids = new ArrayList<>();
        // The scan filter runs on every node: capture plain JDK types only (never a record).
        HashMap<String, String> must = all ? new HashMap<>() : new HashMap<>(filter.mustEqual());
        try (var cursor = responses.query(new ScanQuery<String, StoredResponse>(
                (k, v) -> k.startsWith(prefix) && v.metadata().entrySet().containsAll(must.entrySet())))) {
            for (Cache.Entry<String, StoredResponse> e : cursor) {
                ids.add(e.getKey().substring(prefix.length()));
            }
        }
        return remove(tenant, namespace, ids);
    }

    /** Entries in the namespace, cluster-wide. */
    public long entries(TenantId tenant, String namespace) {
        String index = indexName(namespace);
        if (catalog.find(tenant, index).isEmpty()) {
            return 0;
        }
        return grid.describeIndex(tenant, index).vectorCount();
    }

    private long remove(TenantId tenant, String namespace, List<String> ids) {
        long removed = 0;
        for (int from = 0; from < ids.size(); from += 1000) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            // Vector first: once it is gone no lookup can reach the response.
            if (catalog.find(tenant, indexName(namespace)).isPresent()) {
                grid.delete(tenant, indexName(namespace), chunk);
            }
            Set<String> keys = new java.util.HashSet<>();
            chunk.forEach(id -> keys.add(key(tenant, namespace, id)));
            responses.removeAll(keys);
            removed += chunk.size();
        }
        counter(tenant).addAndGet(-removed);
        return removed;
    }

    /** Evicts expired entries, then the least recently used, down to 90 % of the bound. */
    private void evict(TenantId tenant) {
        try {
            String prefix = tenant.value() + "/";
            List<Cache.Entry<String, StoredResponse>> all = new ArrayList<>();
            try (var cursor = responses.query(new ScanQuery<String, StoredResponse>((k, v) -> k.startsWith(prefix)))) {
                cursor.forEach(all::add);
            }
            long now = clock.millis();
            all.sort((x, y) -> Long.compare(rank(x.getValue(), now), rank(y.getValue(), now)));
            long excess = all.size() - maxEntriesPerTenant * 9 / 10;
            Map<String, List<String>> byNamespace = new HashMap<>();
            for (int i = 0; i < excess; i++) {
                String rest = all.get(i).getKey().substring(prefix.length());
                int slash = rest.indexOf('/');
                byNamespace.computeIfAbsent(rest.substring(0, slash), n -> new ArrayList<>()).add(rest.substring(slash + 1));
            }
            long removed = 0;
            for (Map.Entry<String, List<String>> e : byNamespace.entrySet()) {
                removed += remove(tenant, e.getKey(), e.getValue());
            }
            // Resynchronise the counter with what is there (puts raced with the scan are counted again next round).
            counter(tenant).getAndSet(all.size() - removed);
            LOG.info("llm cache of tenant {}: evicted {} of {} entries (bound {})", tenant, removed, all.size(), maxEntriesPerTenant);
        } catch (RuntimeException e) {
            LOG.warn("llm cache eviction for tenant {} failed: {}", tenant, e.toString());
        } finally {
            evicting.remove(tenant.value());
        }
    }

    /** Expired entries first (rank = their expiry, in the past), then by last access. */
    private static long rank(StoredResponse s, long now) {
        return s.expiresAtMs() <= now ? Long.MIN_VALUE + s.expiresAtMs() : s.lastAccessMs();
    }

    /** The namespace's index spec (its dimension, and its embedding model if written with text). */
    public java.util.Optional<IndexSpec> namespaceSpec(TenantId tenant, String namespace) {
        return catalog.find(tenant, indexName(namespace)).map(s -> s.spec());
    }

    /**
     * The namespace's spec, creating its index (COSINE, {@code dimension}, for text through
     * {@code model} unless "") if it does not exist yet; a concurrent creation wins.
     */
    private IndexSpec ensureNamespace(TenantId tenant, String namespace, int dimension, String model) {
        java.util.Optional<IndexSpec> existing = namespaceSpec(tenant, namespace);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            grid.createIndex(tenant, IndexSpec.of(indexName(namespace), dimension, Metric.COSINE).withEmbedding(model, dimension));
        } catch (PyropeException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
        return namespaceSpec(tenant, namespace).orElseThrow();
    }

    private IgniteAtomicLong counter(TenantId tenant) {
        return ignite.atomicLong("pyrope-llm-count-" + tenant.value(), 0, true);
    }

    private static String key(TenantId tenant, String namespace, String id) {
        return tenant.value() + "/" + namespace + "/" + id;
    }

    private static String entryId(float[] embedding) {
        ByteBuffer buf = ByteBuffer.allocate(embedding.length * 4);
        for (float f : embedding) {
            buf.putFloat(f);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buf.array()), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        evictor.shutdownNow();
        try {
            evictor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
