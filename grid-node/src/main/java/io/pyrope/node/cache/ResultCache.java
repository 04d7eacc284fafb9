package io.pyrope.node.cache;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredIndex;
import io.pyrope.domain.CacheLevel;
import io.pyrope.domain.Metric;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.Validation;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * The exact and semantic result-cache stages of the search pipeline: {@link #probe} before the
 * search (exact level, then semantic level), {@link #fill} after it.
 *
 * <p>Freshness guarantee: a search that starts after a write is acknowledged never gets a cached
 * result that misses that write. Why: the write path bumps the versions of what it touched (the
 * clusters of the new vectors, the id buckets of the ids) after the write is visible to searches
 * and before acknowledging it ({@link WriteFreshness}); {@link #probe} reads the versions before
 * looking up, and a filled entry carries the versions read BEFORE its search ran. An entry is
 * served only if the versions it depends on are unchanged. So if it is served after the
 * acknowledgement, its versions already included the bump, so its search started after the write
 * was visible and saw it; or the write touched nothing the entry depends on, which {@link
 * ClusterMap#reachable} makes impossible for a write that could enter or change its top-k.
 */
public final class ResultCache {
    private final IndexCatalog catalog;
    private final FreshnessStore versions;
    private final CentroidView centroids;
    private final ExactCache exact;
    private final SemanticCache semantic;
    private final WriteHeat heat;
    private final TtlPolicy ttl;
    private final SemanticThresholds thresholds;
    private final CacheMeters meters;
    private final AliasStore aliases;
    private final TtlAdviceBook ttlAdvice;
    private final SharedFills fills;
    private final Clock clock;

    ResultCache(IndexCatalog catalog, FreshnessStore versions, CentroidView centroids, ExactCache exact,
                SemanticCache semantic, WriteHeat heat, TtlPolicy ttl, SemanticThresholds thresholds,
                CacheMeters meters, AliasStore aliases, TtlAdviceBook ttlAdvice, SharedFills fills, Clock clock) {
        this.aliases = aliases;
        this.ttlAdvice = ttlAdvice;
        this.fills = fills;
        this.catalog = catalog;
        this.versions = versions;
        this.centroids = centroids;
        this.exact = exact;
        this.semantic = semantic;
        this.heat = heat;
        this.ttl = ttl;
        this.thresholds = thresholds;
        this.meters = meters;
        this.clock = clock;
    }

    /** {@link #probe(TenantId, String, SearchQuery, String, DoubleSupplier)} for a query of no known cost. */
    public CacheProbe probe(TenantId tenant, String index, SearchQuery query, String queryKey) {
        return probe(tenant, index, query, queryKey, () -> 0, true);
    }

    /**
     * Validates the request (as the search would), reads the versions, then looks up: the query
     * key's entry (after alias resolution; empty key = none), the exact level, the semantic level.
     *
     * @param fullCost the estimated cost (units) of searching at the requested effort; asked only
     *                 when a semantic match falls between the loose floor and the strict threshold
     */
    public CacheProbe probe(TenantId tenant, String index, SearchQuery query, String queryKey, DoubleSupplier fullCost) {
        return probe(tenant, index, query, queryKey, fullCost, true);
    }

    /**
     * The probe of a prefetch: {@code shape} (top_k, effort, filter, flags) at the centroid of
     * {@code cluster}, without counting a lookup. Empty when the index's centroids are no longer
     * those of {@code centroidVersion} (the cluster numbering changed) or the semantic level does
     * not apply. A hit means the cluster is already warm.
     */
    public java.util.Optional<CacheProbe> prefetchProbe(TenantId tenant, String index, SearchQuery shape, int cluster,
                                                         long centroidVersion) {
        StoredIndex stored = catalog.requireActive(tenant, index);
        if (stored.spec().metric() != Metric.COSINE) {
            return java.util.Optional.empty();
        }
        ClusterMap map = centroids.current(tenant, index, stored.spec().metric());
        if (map.version() != centroidVersion || cluster < 0 || cluster >= map.k() || map.version() == 0) {
            return java.util.Optional.empty();
        }
        SearchQuery atCentroid = new SearchQuery(map.centroid(cluster), shape.topK(), shape.ef(), shape.filter(),
                shape.includeMetadata(), shape.includeVectors(), shape.nprobe());
        CacheProbe p = probe(tenant, index, atCentroid, "", () -> 0, false);
        return p.cluster == cluster ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    /** The cluster-wide write heat of a cluster, in writes per minute (what TTL advice is asked with). */
    public double writeHeat(TenantId tenant, String index, long centroidVersion, int cluster) {
        return heat.perMinute(tenant, index, centroidVersion, cluster);
    }

    private CacheProbe probe(TenantId tenant, String index, SearchQuery query, String queryKey, DoubleSupplier fullCost,
                             boolean metered) {
        StoredIndex stored = catalog.requireActive(tenant, index);
        Validation.validateSearch(stored.spec(), query);
        Metric metric = stored.spec().metric();
        ClusterMap map = centroids.current(tenant, index, metric);
        VersionVector seen = versions.snapshot(tenant, index);
        if (!seen.isEmpty() && seen.centroidVersion() < map.version()) {
            // Retrained centroids: move the versions to the new numbering (old entries go stale).
            versions.bump(tenant, index, map.version(), map.k(), new int[0], new int[0]);
            seen = versions.snapshot(tenant, index);
        }
        long now = clock.millis();
        String key = ResultKeys.exact(tenant, index, stored.createdAtMs(), query);
        String bucketKey = null;
        float[] unit = null;
        int cluster = -1;
        if (metric == Metric.COSINE) {
            cluster = map.clusterOf(query.vector());
            bucketKey = ResultKeys.bucket(tenant, index, stored.createdAtMs(), query, map.version(), cluster);
            unit = SemanticCache.unit(query.vector());
        }
        String keyKey = null;
        boolean aliased = false;
        if (!queryKey.isEmpty()) {
            java.util.Optional<String> canonical = aliases.resolve(tenant, index, queryKey);
            aliased = canonical.isPresent();
            keyKey = ResultKeys.byQueryKey(tenant, index, stored.createdAtMs(), canonical.orElse(queryKey), query);
        }
        CacheProbe miss = new CacheProbe(tenant, index, query, map, seen, key, keyKey, bucketKey, cluster, null, CacheLevel.NONE, 0);
        Lookups lookups = metered ? meters::lookup : (l, o) -> { };

        if (keyKey != null) {
            CachedResult byKey = exact.get(keyKey);
            String level = aliased ? "alias" : "key";
            if (byKey != null && byKey.freshAt(seen, now, false)) {
                lookups.count(level, "hit");
                return miss.answered(byKey.toResult(), aliased ? CacheLevel.ALIAS_EXACT : CacheLevel.EXACT, 1f);
            }
            lookups.count(level, byKey == null ? "miss" : "stale");
        }
        CachedResult e = exact.get(key);
        if (e != null && e.freshAt(seen, now, false)) {
            lookups.count("exact", "hit");
            return miss.answered(e.toResult(), CacheLevel.EXACT, 1f);
        }
        lookups.count("exact", e == null ? "miss" : "stale");
        if (e != null) {
            exact.dropLocal(key);
        }
        if (bucketKey != null) {
            VersionVector at = seen;
            String t = tenant.value();
            double strict = thresholds.of(t, index);
            SemanticCache.Match m = semantic.best(bucketKey, unit, thresholds.loosest(t, index),
                    c -> c.freshAt(at, now, true));
            if (m != null && m.similarity() >= strict) {
                lookups.count("semantic", "hit");
                return miss.answered(m.entry().toResult(), CacheLevel.SEMANTIC, (float) m.similarity());
            }
            if (m != null && m.similarity() >= thresholds.forCost(t, index, fullCost.getAsDouble())) {
                // Below the strict threshold, accepted because searching would cost this much.
                lookups.count("semantic", "loose_hit");
                return miss.answered(m.entry().toResult(), CacheLevel.SEMANTIC, (float) m.similarity());
            }
            lookups.count("semantic", "miss");
        }
        return miss;
    }

    /**
     * Stores a search's result at both levels, tagged with the versions its probe read: on this
     * node at once, cluster-wide in the background ({@link SharedFills}).
     */
    public void fill(CacheProbe p, SearchResult result) {
        if (result.partial() || (!p.seen.isEmpty() && p.seen.centroidVersion() != p.clusters.version())) {
            return;
        }
        Dependencies deps = dependencies(p.clusters, p.query, result.hits());
        double hottest = 0;
        int n = deps.onAll() ? deps.clusters().length : deps.exactCount();
        for (int i = 0; i < n; i++) {
            hottest = Math.max(hottest, heat.perMinute(p.tenant, p.index, p.clusters.version(), deps.clusters()[i]));
        }
        long ttlMs = ttl.ttlMs(p.tenant.value(), p.index, hottest);
        if (p.cluster >= 0) {
            // The sidecar's advice for the query's cluster, when it has some, replaces the heat's TTL within the same bounds.
            java.util.OptionalLong advised = ttlAdvice.ttlMs(p.tenant, p.index, p.clusters.version(), p.cluster, clock.millis());
            if (advised.isPresent()) {
                ttlMs = ttl.clamp(advised.getAsLong());
                meters.advisedTtl();
            }
        }
        meters.ttl(ttlMs);
        long now = clock.millis();
        CachedResult entry = new CachedResult(result, p.query.vector(), p.seen, p.clusters.version(), deps, now + ttlMs);
        exact.put(p.exactKey, entry, ttlMs, fills);
        if (p.queryKeyKey != null) {
            exact.put(p.queryKeyKey, entry, ttlMs, fills);
        }
        if (p.bucketKey != null) {
            semantic.add(p.bucketKey, entry, ttlMs, now, fills);
        }
    }

    /** Bounded clusters from the k-th hit's distance; every write when it cannot be bounded. */
    Dependencies dependencies(ClusterMap map, SearchQuery q, List<SearchHit> hits) {
        int[] buckets = hits.stream().mapToInt(h -> VersionVector.bucketOf(h.id())).distinct().toArray();
        int home = map.clusterOf(q.vector());
        if (!map.bounded() || hits.size() < q.topK() || hits.isEmpty()) {
            return new Dependencies(true, new int[] {home}, 1, buckets);
        }
        float kth = hits.get(hits.size() - 1).score();
        double r = map.metric() == Metric.COSINE
                ? Math.sqrt(Math.max(0, 2 - 2 * (double) kth))
                : Math.sqrt(Math.max(0, 1 / (double) kth - 1));
        int[] near = map.reachable(q.vector(), r);
        if (map.metric() != Metric.COSINE) {
            return new Dependencies(false, near, near.length, buckets);
        }
        Set<Integer> all = new LinkedHashSet<>();
        Arrays.stream(near).forEach(all::add);
        Arrays.stream(map.reachable(q.vector(), r + 2 * thresholds.reach())).forEach(all::add);
        return new Dependencies(false, all.stream().mapToInt(Integer::intValue).toArray(), near.length, buckets);
    }

    @FunctionalInterface
    private interface Lookups {
        void count(String level, String outcome);
    }

    /** Records the server-side time of a search answered from cache. */
    public void recordHit(long nanos) {
        meters.hit(nanos);
    }

    boolean fillsIdle() {
        return fills.idle();
    }

    CacheMeters meters() {
        return meters;
    }

    ExactCache exact() {
        return exact;
    }

    SemanticCache semantic() {
        return semantic;
    }

    WriteHeat heat() {
        return heat;
    }
}
