package io.pyrope.shard.centroid;

import io.pyrope.domain.Metric;

import java.util.Arrays;

/**
 * An immutable set of k centroids of one index ("semantic clusters"): the nearest centroid of a
 * query names its cluster. For COSINE the centroids are unit vectors and nearness is cosine;
 * DOT_PRODUCT uses the dot product and L2 the Euclidean distance.
 */
public final class Centroids {
    private final long version;
    private final int k;
    private final int dimension;
    private final Metric metric;
    private final float[] data;

    /** {@code data} holds k * dimension floats, centroid after centroid; it is copied. */
    public Centroids(long version, int k, int dimension, Metric metric, float[] data) {
        if (k < 1 || dimension < 1 || data.length != k * dimension) {
            throw new IllegalArgumentException("need k >= 1, dimension >= 1 and k * dimension floats; got k=" + k
                    + ", dimension=" + dimension + ", " + data.length + " floats");
        }
        this.version = version;
        this.k = k;
        this.dimension = dimension;
        this.metric = metric;
        this.data = data.clone();
    }

    public long version() {
        return version;
    }

    public int k() {
        return k;
    }

    public int dimension() {
        return dimension;
    }

    public Metric metric() {
        return metric;
    }

    /** A copy of the flat data. */
    public float[] data() {
        return data.clone();
    }

    public float[] centroid(int i) {
        return Arrays.copyOfRange(data, i * dimension, (i + 1) * dimension);
    }

    /** The index of the nearest centroid. */
    public int nearest(float[] q) {
        checkDimension(q);
        int best = 0;
        float bestScore = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            float s = similarity(q, c);
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        return best;
    }

    /** The indexes of the {@code n} nearest centroids, nearest first (fewer if k < n). */
    public int[] nearest(float[] q, int n) {
        checkDimension(q);
        int m = Math.min(n, k);
        Integer[] order = new Integer[k];
        float[] scores = new float[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
            scores[c] = similarity(q, c);
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** Larger is nearer. COSINE centroids are unit, so the query's norm does not change the order. */
    private float similarity(float[] q, int c) {
        int off = c * dimension;
        float acc = 0;
        if (metric == Metric.L2) {
            for (int i = 0; i < dimension; i++) {
                float d = q[i] - data[off + i];
                acc += d * d;
            }
            return -acc;
        }
        for (int i = 0; i < dimension; i++) {
            acc += q[i] * data[off + i];
        }
        return acc;
    }

    private void checkDimension(float[] q) {
        if (q.length != dimension) {
            throw new IllegalArgumentException("vector has dimension " + q.length + "; the centroids have " + dimension);
        }
    }

    @Override
    public String toString() {
        return "Centroids[v" + version + ", k=" + k + ", " + dimension + "d, " + metric + "]";
    }
}
