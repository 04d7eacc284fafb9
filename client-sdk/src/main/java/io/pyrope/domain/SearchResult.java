package io.pyrope.domain;

import java.util.List;

/**
 * The answer to one search: hits best first, the ef every shard used, whether some partitions
 * could not be searched ({@code partial}), shards searched and distance computations (work done:
 * for IVF, centroid comparisons plus vectors scanned). {@code nprobeUsed} is the number of IVF
 * lists scanned (0 for HNSW, and when the shards scanned exactly: an IVF index whose centroids
 * are not trained yet, or few candidates); efUsed is 0 for IVF.
 */
public record SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                           long distanceComputations, int nprobeUsed) {
    public SearchResult {
        hits = List.copyOf(hits);
    }

    /** A graph (HNSW) search result. */
    public SearchResult(List<SearchHit> hits, int efUsed, boolean partial, int shardsSearched,
                        long distanceComputations) {
        this(hits, efUsed, partial, shardsSearched, distanceComputations, 0);
    }
}
