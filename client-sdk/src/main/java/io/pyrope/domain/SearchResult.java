package io.pyrope.domain;

import java.util.List;

/**
 * The answer to one search: hits best first, the ef every shard used, whether some partitions
 * could not be searched ({@code partial}), shards searched, distance computations (for IVF,
 * centroid comparisons plus vectors scanned), {@code nprobeUsed} — the number of IVF lists scanned
 * (0 for HNSW, and when the shards scanned exactly: an IVF index whose centroids are not trained
 * yet, or few candidates; efUsed is 0 for IVF) —, the dimension-weighted work the cost model
 * charges, what was charged and why ({@link SearchCharge}), and — when partial — how many of the
 * index's partitions went unsearched ({@code unsearchedPartitions}, 0 for a complete answer).
 */
public record SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                           long distanceComputations, int nprobeUsed, long work, SearchCharge charge,
                           int unsearchedPartitions) {
    public SearchResult {
        hits = List.copyOf(hits);
        charge = charge == null ? SearchCharge.NONE : charge;
        if (unsearchedPartitions < 0) {
            throw new IllegalArgumentException("unsearchedPartitions must be >= 0, got " + unsearchedPartitions);
        }
    }

    /** A complete answer, or a partial one that does not say how much is missing (an older server). */
    public SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                        long distanceComputations, int nprobeUsed, long work, SearchCharge charge) {
        this(hits, efUsed, partial, shardsSearched, distanceComputations, nprobeUsed, work, charge, 0);
    }

    /** A result before charging (the grid's answer; the node's search pipeline adds the charge). */
    public SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                        long distanceComputations, int nprobeUsed, long work) {
        this(hits, efUsed, partial, shardsSearched, distanceComputations, nprobeUsed, work, SearchCharge.NONE);
    }

    /** A graph (HNSW) search result without work accounting. */
    public SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                        long distanceComputations) {
        this(hits, efUsed, partial, shardsSearched, distanceComputations, 0, 0);
    }

    public SearchResult withCharge(SearchCharge newCharge) {
        return new SearchResult(hits, efUsed, partial, shardsSearched, distanceComputations, nprobeUsed, work, newCharge,
                unsearchedPartitions);
    }
}
