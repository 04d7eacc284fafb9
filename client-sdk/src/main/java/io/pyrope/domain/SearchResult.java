package io.pyrope.domain;

import java.util.List;

/**
 * The answer to one search: hits best first, the ef every shard used, whether some partitions
 * could not be searched ({@code partial}), shards searched and distance computations (work done).
 */
public record SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                           long distanceComputations) {
    public SearchResult {
        hits = List.copyOf(hits);
    }
}
