package io.pyrope.bench;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.pyrope.domain.Limits;
import io.pyrope.domain.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * The in-process reference: one jvector graph over the same base vectors with the server's
 * graph parameters (the bench's --m, Limits.DEFAULT_BEAM) and metric, searched with rerankK =
 * the bench's ef. jvector is an optional dependency: only this class touches it.
 */
final class RawJvector implements AutoCloseable {
    private static final float NEIGHBOR_OVERFLOW = 1.2f;
    private static final float ALPHA = 1.2f;

    private final RandomAccessVectorValues ravv;
    private final VectorSimilarityFunction similarity;
    private final VectorTypeSupport vts;
    private final ImmutableGraphIndex graph;
    private final double buildSeconds;
    /** One searcher per thread, as jvector requires; instance-scoped, dropped with this object. */
    private final ThreadLocal<GraphSearcher> searchers;

    /** Builds the graph on {@code buildThreads} threads and times it. */
    RawJvector(float[][] base, Metric metric, int m, int buildThreads) {
        this.vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        List<VectorFloat<?>> vectors = new ArrayList<>(base.length);
        for (float[] v : base) {
            vectors.add(vts.createFloatVector(v));
        }
        this.ravv = new ListRandomAccessVectorValues(vectors, base[0].length);
        this.similarity = switch (metric) {
            case COSINE -> VectorSimilarityFunction.COSINE;
            case DOT_PRODUCT -> VectorSimilarityFunction.DOT_PRODUCT;
            case L2 -> VectorSimilarityFunction.EUCLIDEAN;
        };
        ForkJoinPool pool = new ForkJoinPool(buildThreads);
        try {
            long t0 = System.nanoTime();
            // Same construction as the server's sealed segments: hierarchy on, no final refinement.
            GraphIndexBuilder builder = new GraphIndexBuilder(BuildScoreProvider.randomAccessScoreProvider(ravv, similarity),
                    ravv.dimension(), m, Limits.DEFAULT_BEAM, NEIGHBOR_OVERFLOW, ALPHA, true, false, pool, pool);
            this.graph = builder.build(ravv);
            this.buildSeconds = (System.nanoTime() - t0) / 1e9;
        } finally {
            pool.shutdownNow();
        }
        ImmutableGraphIndex g = graph;
        this.searchers = ThreadLocal.withInitial(() -> new GraphSearcher(g));
    }

    double buildSeconds() {
        return buildSeconds;
    }

    int[] search(float[] query, int k, int ef) {
        DefaultSearchScoreProvider ssp = DefaultSearchScoreProvider.exact(vts.createFloatVector(query), similarity, ravv);
        SearchResult r = searchers.get().search(ssp, k, ef, 0f, 0f, Bits.ALL);
        SearchResult.NodeScore[] nodes = r.getNodes();
        int[] out = new int[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            out[i] = nodes[i].node;
        }
        return out;
    }

    @Override
    public void close() {
        try {
            graph.close();
        } catch (Exception ignored) {
            // On-heap graph: nothing to release.
        }
    }
}
