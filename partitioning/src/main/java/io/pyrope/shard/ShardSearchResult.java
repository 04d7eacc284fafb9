package io.pyrope.shard;

import java.util.List;

/**
 * Hits best first, plus the work done: the number of vectors whose similarity to the query was
 * computed (graph visits, exact scans, reranking and, for IVF, centroid comparisons together); the
 * largest ef a graph search used (0 when no graph was searched: exact scans only); the largest
 * number of IVF lists probed (0 when none were); and {@code work}, the measure the cost model
 * charges: similarity evaluations times the dimension plus graph edges followed weighted by
 * {@link #EDGE_WORK} (on this data, following an edge costs about as much as 8 dimensions of a
 * similarity: checked against search time per ef in docs/BENCHMARKS.md).
 */
public record ShardSearchResult(List<ShardHit> hits, long distanceComputations, int efUsed, int nprobeUsed, long work) {
    /** Work units per graph edge followed (a neighbour looked up and checked against the visited set). */
    public static final int EDGE_WORK = 8;

    public static final ShardSearchResult EMPTY = new ShardSearchResult(List.of(), 0, 0, 0, 0);
}
