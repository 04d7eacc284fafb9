package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.pyrope.domain.Metric;
import io.pyrope.shard.centroid.Centroids;

import java.util.Arrays;

/**
 * One version of an index's centroids as an IVF shard uses them: list c holds the entries whose
 * nearest centroid is c. Nearest for assignment is the k-means sense the centroids were trained in
 * (cosine for COSINE, whose centroids and vectors are unit; Euclidean for L2 and DOT_PRODUCT, so
 * that lists stay balanced cells). A query ranks the lists by the index's own similarity to the
 * centroid (for DOT_PRODUCT the inner product, the usual IVF heuristic for maximum inner product).
 * Immutable and thread-safe.
 */
final class IvfCentroids {
    private final long version;
    private final Metric metric;
    private final VectorFloat<?>[] centroids;

    IvfCentroids(Centroids source) {
        this.version = source.version();
        this.metric = source.metric();
        this.centroids = new VectorFloat<?>[source.k()];
        for (int c = 0; c < centroids.length; c++) {
            centroids[c] = MetricSpace.VTS.createFloatVector(source.centroid(c));
        }
    }

    long version() {
        return version;
    }

    /** The number of lists. */
    int k() {
        return centroids.length;
    }

    /** The list of a stored search vector (see the class comment). */
    int assign(VectorFloat<?> v) {
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            float s = metric == Metric.COSINE ? MetricSpace.dot(v, centroids[c]) : -MetricSpace.squareDistance(v, centroids[c]);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    /** Every list, nearest to the query first; costs {@link #k()} comparisons. */
    int[] rank(VectorFloat<?> query) {
        long[] keys = new long[centroids.length];
        for (int c = 0; c < centroids.length; c++) {
            float s = metric == Metric.L2 ? -MetricSpace.squareDistance(query, centroids[c]) : MetricSpace.dot(query, centroids[c]);
            // Ascending order of the key = descending similarity; the low half carries the list.
            keys[c] = ((long) sortable(-s) << 32) | c;
        }
        Arrays.sort(keys);
        int[] order = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** An int whose signed order is the float's order (NaN-free input). */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
