package io.pyrope.shard.engine;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.GraphSearcher;
import io.github.jbellis.jvector.graph.ImmutableGraphIndex;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.SearchResult;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.graph.similarity.DefaultSearchScoreProvider;
import io.github.jbellis.jvector.graph.similarity.ScoreFunction;
import io.github.jbellis.jvector.util.Bits;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * An immutable jvector graph over the first n vectors of a block, with a pool of searchers (a
 * searcher is single-threaded and costly to create; pooling avoids both a per-query allocation and
 * a static ThreadLocal).
 */
final class SegmentGraph {
    /** jvector's usual construction parameters; M and beam width come from the index spec. */
    static final float NEIGHBOR_OVERFLOW = 1.2f;
    static final float ALPHA = 1.2f;

    private final ImmutableGraphIndex graph;
    private final RandomAccessVectorValues vectors;
    private final VectorSimilarityFunction similarity;
    private final boolean augmented;
    private final ConcurrentLinkedQueue<GraphSearcher> searchers = new ConcurrentLinkedQueue<>();

    private SegmentGraph(ImmutableGraphIndex graph, RandomAccessVectorValues vectors,
                         VectorSimilarityFunction similarity, boolean augmented) {
        this.graph = graph;
        this.vectors = vectors;
        this.similarity = similarity;
        this.augmented = augmented;
    }

    /** Nodes added between two checks of {@code cancelled} during a build. */
    private static final int BUILD_CHUNK = 1024;

    /**
     * Builds the graph of {@code vectors[0..n)} on {@code pool}; the calling thread only waits. As
     * jvector's own {@code build} (parallel inserts, then cleanup), but in chunks, so that a build
     * for a shard closed meanwhile (its index dropped) stops within one chunk instead of holding
     * the cores for the whole build: throws CancellationException then.
     */
    static SegmentGraph build(VectorFloat<?>[] vectors, int n, MetricSpace space, IndexSpec spec, ForkJoinPool pool,
                              BooleanSupplier cancelled) {
        boolean augment = space.metric() == Metric.DOT_PRODUCT;
        VectorFloat<?>[] indexed = augment ? augment(vectors, n, space.dimension()) : vectors;
        int dim = augment ? space.dimension() + 1 : space.dimension();
        VectorSimilarityFunction vsf = space.metric() == Metric.L2
                ? VectorSimilarityFunction.EUCLIDEAN : VectorSimilarityFunction.DOT_PRODUCT;
        RandomAccessVectorValues ravv = new ArrayVectorValues(indexed, n, dim);
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, vsf);
        GraphIndexBuilder builder = new GraphIndexBuilder(bsp, dim, spec.m(), spec.beamWidth(),
                NEIGHBOR_OVERFLOW, ALPHA, true, false, pool, pool);
        for (int from = 0; from < n; from += BUILD_CHUNK) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("graph build cancelled: the shard was closed");
            }
            int start = from;
            int end = Math.min(n, from + BUILD_CHUNK);
            pool.submit(() -> IntStream.range(start, end).parallel()
                    .forEach(node -> builder.addGraphNode(node, ravv.getVector(node)))).join();
        }
        builder.cleanup();
        return new SegmentGraph(builder.getGraph(), ravv, vsf, augment);
    }

    /**
     * Approximate top-k of the nodes {@code accept} admits. {@code query} is the prepared query of
     * the shard's metric space; DOT_PRODUCT graphs search with [q / |q|, 0].
     */
    SearchResult search(PreparedQuery query, int topK, int ef, Bits accept) {
        VectorFloat<?> q = augmented ? query.augmented() : query.vector();
        GraphSearcher searcher = searchers.poll();
        if (searcher == null) {
            searcher = new GraphSearcher(graph);
        }
        try {
            var ssp = ScalarKernels.ACTIVE ? new DefaultSearchScoreProvider(scalarScore(q))
                    : DefaultSearchScoreProvider.exact(q, similarity, vectors);
            return searcher.search(ssp, topK, Math.max(ef, topK), 0f, 0f, accept);
        } finally {
            searchers.offer(searcher);
        }
    }

    /** jvector's own scale (DOT_PRODUCT: (1 + dot) / 2, EUCLIDEAN: 1 / (1 + d^2)) with the faster kernels. */
    private ScoreFunction.ExactScoreFunction scalarScore(VectorFloat<?> query) {
        float[] q = (float[]) query.get();
        if (similarity == VectorSimilarityFunction.EUCLIDEAN) {
            return node -> 1f / (1f + ScalarKernels.squareDistance(q, (float[]) vectors.getVector(node).get()));
        }
        return node -> (1f + ScalarKernels.dot(q, (float[]) vectors.getVector(node).get())) / 2f;
    }

    int size() {
        return vectors.size();
    }

    /** The base layer's degree bound: the edges a search follows per node it expands. */
    int maxDegree() {
        return graph.getDegree(0);
    }

    void close() {
        GraphSearcher s;
        while ((s = searchers.poll()) != null) {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Unit vectors of dimension d+1 whose pairwise order by dot product matches the raw one. */
    private static VectorFloat<?>[] augment(VectorFloat<?>[] vectors, int n, int dim) {
        double maxSq = 0;
        double[] sq = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                double x = vectors[i].get(j);
                s += x * x;
            }
            sq[i] = s;
            maxSq = Math.max(maxSq, s);
        }
        double m = maxSq == 0 ? 1 : Math.sqrt(maxSq);
        VectorFloat<?>[] out = new VectorFloat<?>[n];
        for (int i = 0; i < n; i++) {
            float[] a = new float[dim + 1];
            for (int j = 0; j < dim; j++) {
                a[j] = (float) (vectors[i].get(j) / m);
            }
            a[dim] = (float) Math.sqrt(Math.max(0, 1 - sq[i] / (m * m)));
            out[i] = MetricSpace.VTS.createFloatVector(a);
        }
        return out;
    }
}
