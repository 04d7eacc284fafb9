package io.pyrope.domain;

import java.util.List;

/**
 * The answer to one search: hits best first, the ef every shard used, whether some partitions
 * could not be searched ({@code partial}), shards searched, distance computations (for IVF,
 * centroid comparisons plus vectors scanned), {@code nprobeUsed} — the number of IVF lists scanned
 * (0 for HNSW, and when the shards scanned exactly: an IVF index whose centroids are not trained
 * yet, or few candidates; efUsed is 0 for IVF) —, the dimension-weighted work the cost model
 * charges, and what was charged and why ({@link SearchCharge}).
 */
public record SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                           long distanceComputations, int nprobeUsed, long work, SearchCharge charge) {
    public SearchResult {
        hits = List.copyOf(hits);
        charge = charge == null ? SearchCharge.NONE : charge;
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
        return new SearchResult(hits, efUsed, partial, shardsSearched, distanceComputations, nprobeUsed, work, newCharge);
    }
}
