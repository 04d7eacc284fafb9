package io.pyrope.shard;

import java.util.List;

/**
 * Hits best first, plus the work done: the number of vectors whose similarity to the query was
 * computed (graph visits, exact scans, reranking and, for IVF, centroid comparisons together), the
 * measure the cost model uses; the largest ef a graph search used (0 when no graph was searched:
 * exact scans only); and the largest number of IVF lists probed (0 when none were).
 */
public record ShardSearchResult(List<ShardHit> hits, long distanceComputations, int efUsed, int nprobeUsed) {

    /** A result without IVF lists. */
    public ShardSearchResult(List<ShardHit> hits, long distanceComputations, int efUsed) {
        this(hits, distanceComputations, efUsed, 0);
    }
}
