package io.pyrope.node.cache;

import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchResult;

import java.util.ArrayList;
import java.util.List;

/**
 * A cached search result with everything needed to decide at lookup whether it is still fresh:
 * the epoch, centroid version and versions (read BEFORE the search ran) of the clusters and id
 * buckets it depends on, and its expiry. Plain final class (an Ignite cache value). Immutable.
 */
final class CachedResult {
    private final CachedHit[] hits;
    private final int efUsed;
    private final int shardsSearched;
    private final long distanceComputations;
    private final float[] query;
    private final long epoch;
    private final long centroidVersion;
    private final boolean onAll;
    private final long total;
    private final int[] clusters;
    private final long[] clusterVersions;
    private final int exactCount;
    private final int[] buckets;
    private final long[] bucketVersions;
    private final long expiresAtMs;

    CachedResult(SearchResult result, float[] query, VersionVector seen, long centroidVersion, Dependencies deps,
                 long expiresAtMs) {
        this.hits = new CachedHit[result.hits().size()];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = CachedHit.of(result.hits().get(i));
        }
        this.efUsed = result.efUsed();
        this.shardsSearched = result.shardsSearched();
        this.distanceComputations = result.distanceComputations();
        this.query = query.clone();
        this.epoch = seen.epoch();
        this.centroidVersion = centroidVersion;
        this.onAll = deps.onAll();
        this.total = seen.total();
        this.clusters = deps.clusters();
        this.clusterVersions = new long[clusters.length];
        for (int i = 0; i < clusters.length; i++) {
            clusterVersions[i] = seen.cluster(clusters[i]);
        }
        this.exactCount = deps.exactCount();
        this.buckets = deps.buckets();
        this.bucketVersions = new long[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            bucketVersions[i] = seen.bucket(buckets[i]);
        }
        this.expiresAtMs = expiresAtMs;
    }

    /**
     * Fresh: not expired, and no write bumped anything it depends on since its search started.
     * {@code semantic} also checks the wider set of clusters a similar query may reach.
     */
    boolean freshAt(VersionVector now, long nowMs, boolean semantic) {
        if (nowMs >= expiresAtMs || now.epoch() != epoch) {
            return false;
        }
        if (now.isEmpty()) {
            return true;
        }
        if (now.centroidVersion() != centroidVersion || (onAll && now.total() != total)) {
            return false;
        }
        int n = semantic ? clusters.length : exactCount;
        for (int i = 0; i < n; i++) {
            if (now.cluster(clusters[i]) != clusterVersions[i]) {
                return false;
            }
        }
        for (int i = 0; i < buckets.length; i++) {
            if (now.bucket(buckets[i]) != bucketVersions[i]) {
                return false;
            }
        }
        return true;
    }

    SearchResult toResult() {
        List<SearchHit> out = new ArrayList<>(hits.length);
        for (CachedHit h : hits) {
            out.add(h.toHit());
        }
        return new SearchResult(out, efUsed, false, shardsSearched, distanceComputations);
    }

    float[] query() {
        return query;
    }

    long expiresAtMs() {
        return expiresAtMs;
    }

    /** A rough heap size, for the near cache's weigher. */
    int weight() {
        int w = 200 + query.length * 4 + (clusters.length + buckets.length) * 12;
        for (CachedHit h : hits) {
            w += h.weight();
        }
        return w;
    }
}
