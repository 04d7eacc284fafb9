package io.pyrope.domain;

import java.util.List;

/**
 * The answer to one search: hits best first, the ef every shard used, whether some partitions
 * could not be searched ({@code partial}), shards searched, distance computations, the
 * dimension-weighted work the cost model charges, and what was charged and why ({@link SearchCharge}).
 */
public record SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                           long distanceComputations, long work, SearchCharge charge) {
    public SearchResult {
        hits = List.copyOf(hits);
        charge = charge == null ? SearchCharge.NONE : charge;
    }

    /** A result before charging (the grid's answer; the node's search pipeline adds the charge). */
    public SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                        long distanceComputations, long work) {
        this(hits, efUsed, partial, shardsSearched, distanceComputations, work, SearchCharge.NONE);
    }

    public SearchResult withCharge(SearchCharge newCharge) {
        return new SearchResult(hits, efUsed, partial, shardsSearched, distanceComputations, work, newCharge);
    }
}
