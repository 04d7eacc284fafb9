package io.pyrope.node.cache;

import io.pyrope.domain.CacheLevel;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;

/**
 * One search's cache lookup: the answer if a level had a fresh one, else what the fill needs —
 * above all the versions read BEFORE the search runs. Immutable.
 */
public final class CacheProbe {
    final TenantId tenant;
    final String index;
    final SearchQuery query;
    final ClusterMap clusters;
    final VersionVector seen;
    final String exactKey;
    /** Null unless the search has a query key: the (canonical) key's entry. */
    final String queryKeyKey;
    /** Null unless the semantic level applies to this index. */
    final String bucketKey;
    /** The query's semantic cluster at {@code clusters.version()}; -1 unless the semantic level applies. */
    final int cluster;
    private final SearchResult answer;
    private final CacheLevel level;
    private final float similarity;

    CacheProbe(TenantId tenant, String index, SearchQuery query, ClusterMap clusters, VersionVector seen,
               String exactKey, String queryKeyKey, String bucketKey, int cluster, SearchResult answer, CacheLevel level,
               float similarity) {
        this.tenant = tenant;
        this.index = index;
        this.query = query;
        this.clusters = clusters;
        this.seen = seen;
        this.exactKey = exactKey;
        this.queryKeyKey = queryKeyKey;
        this.bucketKey = bucketKey;
        this.cluster = cluster;
        this.answer = answer;
        this.level = level;
        this.similarity = similarity;
    }

    CacheProbe answered(SearchResult result, CacheLevel by, float sim) {
        return new CacheProbe(tenant, index, query, clusters, seen, exactKey, queryKeyKey, bucketKey, cluster, result, by, sim);
    }

    public boolean hit() {
        return answer != null;
    }

    /** The cached answer; only when {@link #hit()}. */
    public SearchResult answer() {
        return answer;
    }

    public CacheLevel level() {
        return level;
    }

    public float similarity() {
        return similarity;
    }

    /** The query's semantic cluster (what the sidecar learns sessions from); -1 when the semantic level does not apply. */
    public int cluster() {
        return cluster;
    }

    /** The centroid version {@link #cluster()} is numbered in. */
    public long centroidVersion() {
        return clusters.version();
    }

    /** The query as probed (for a prefetch: the search to run on a miss). */
    public SearchQuery query() {
        return query;
    }
}
