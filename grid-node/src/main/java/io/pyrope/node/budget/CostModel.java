package io.pyrope.node.budget;

import io.pyrope.compute.IndexShape;
import io.pyrope.domain.SearchEffort;
import io.pyrope.domain.SearchQuery;
import io.pyrope.shard.ShardSearchResult;

/**
 * What a search costs, in cost units: one unit is {@value #WORK_PER_UNIT} units of measured work,
 * where work is what the search jobs count — every similarity evaluated (graph visits, exact scans
 * of delta heads, reranking) times the dimension, plus every graph edge followed weighted by
 * {@link ShardSearchResult#EDGE_WORK}. So a 128-d exact scan of 10,000 vectors costs 1.28 units.
 *
 * <p>The pre-search estimate uses the same terms: per graph segment of n vectors searched at ef,
 * about ef + {@value #EXTRA_EXPANSIONS} nodes expanded (each following M edges) and
 * {@value #VISITS_PER_LOG2} × log2(n) + expansions similarities; heads scanned whole; times the
 * data nodes searched. {@link CostCalibration} then scales it by the measured/estimated ratio seen
 * on the index.
 */
public final class CostModel {
    public static final double WORK_PER_UNIT = 1_000_000.0;
    static final int EXTRA_EXPANSIONS = 5;
    static final int VISITS_PER_LOG2 = 20;

    private CostModel() {
    }

    public static double units(long work) {
        return work / WORK_PER_UNIT;
    }

    /** Structural (uncalibrated) work estimate of one search, by the index's type. */
    public static double estimateWork(IndexShape shape, SearchQuery query) {
        return shape.spec().isIvf() ? estimateIvfWork(shape, query.nprobe())
                : estimateWork(shape, query.topK(), query.ef());
    }

    /**
     * IVF: every centroid compared, then the probed lists scanned exactly (a list holds about
     * live / lists vectors); before centroids exist, or with few entries, the shard scans everything.
     */
    static double estimateIvfWork(IndexShape shape, int nprobe) {
        int dim = shape.spec().dimension();
        int lists = shape.spec().centroids();
        int probed = shape.spec().resolveNprobe(nprobe);
        double perNode = (double) lists * dim + (double) shape.localLive() * Math.min(1.0, (double) probed / lists) * dim;
        return perNode * shape.dataNodes();
    }

    /** HNSW: structural (uncalibrated) work estimate of one search at {@code ef} (0 = each graph's default). */
    public static double estimateWork(IndexShape shape, int topK, int ef) {
        int dim = shape.spec().dimension();
        double perNode = (double) shape.localHead() * dim;
        int segments = shape.localSegments();
        if (segments > 0) {
            long perSegment = shape.vectorsPerSegment();
            int graphEf = SearchEffort.resolve(ef, topK, perSegment);
            double expanded = graphEf + EXTRA_EXPANSIONS;
            double visited = VISITS_PER_LOG2 * log2(perSegment) + expanded;
            perNode += segments * (visited * dim + expanded * shape.spec().m() * ShardSearchResult.EDGE_WORK);
        }
        return perNode * shape.dataNodes();
    }

    private static double log2(long n) {
        return Math.log(Math.max(2, n)) / Math.log(2);
    }
}
