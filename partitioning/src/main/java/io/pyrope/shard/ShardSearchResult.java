package io.pyrope.shard;

import java.util.List;

/**
 * Hits best first, plus the work done: the number of vectors whose similarity to the query was
 * computed (graph visits, exact scans and reranking together), the measure the cost model uses;
 * and the largest ef a graph search used (0 when no graph was searched: exact scans only).
 */
public record ShardSearchResult(List<ShardHit> hits, long distanceComputations, int efUsed) {
}
