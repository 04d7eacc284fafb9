package io.pyrope.compute.search;

import io.pyrope.domain.SearchHit;

import java.util.List;

/**
 * The merged answer of one scatter-gather round: top-k hits, how many partitions went unsearched
 * (failed or stale jobs, or no owner), shards that answered, the work they did, the largest ef
 * a graph search used (0 if none did) and the largest number of IVF lists probed (0 if none were).
 */
public final class SearchTaskResult {
    private final List<SearchHit> hits;
    private final int missingPartitions;
    private final int shardsSearched;
    private final long distanceComputations;
    private final int efUsed;
    private final int nprobeUsed;
    private final long work;

    SearchTaskResult(List<SearchHit> hits, int missingPartitions, int shardsSearched, long distanceComputations,
                     int efUsed, int nprobeUsed, long work) {
        this.hits = List.copyOf(hits);
        this.missingPartitions = missingPartitions;
        this.shardsSearched = shardsSearched;
        this.distanceComputations = distanceComputations;
        this.efUsed = efUsed;
        this.nprobeUsed = nprobeUsed;
        this.work = work;
    }

    static SearchTaskResult nothingSearched(int partitions) {
        return new SearchTaskResult(List.of(), partitions, 0, 0, 0, 0, 0);
    }

    public int efUsed() {
        return efUsed;
    }

    public int nprobeUsed() {
        return nprobeUsed;
    }

    public List<SearchHit> hits() {
        return hits;
    }

    public int missingPartitions() {
        return missingPartitions;
    }

    public int shardsSearched() {
        return shardsSearched;
    }

    public long distanceComputations() {
        return distanceComputations;
    }

    /** Dimension-weighted work of all shards (what the cost model charges). */
    public long work() {
        return work;
    }
}
