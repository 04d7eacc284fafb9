package io.pyrope.shard.centroid;

import io.github.jbellis.jvector.quantization.KMeansPlusPlusClusterer;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.pyrope.domain.Metric;

import java.util.List;

/**
 * Trains {@link Centroids} by k-means++ (jvector's {@link KMeansPlusPlusClusterer}) over a sample.
 * With fewer sample vectors than k, the sample itself is the centroid set (k' = n). COSINE trains
 * on normalised vectors and normalises the result. Stateless and thread-safe.
 */
public final class CentroidTrainer {
    private static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final int iterations;

    public CentroidTrainer(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        this.iterations = iterations;
    }

    public CentroidTrainer() {
        this(8);
    }

    public Centroids train(List<float[]> sample, int k, Metric metric, long version) {
        if (sample.isEmpty()) {
            throw new IllegalArgumentException("cannot train centroids on an empty sample");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        int dim = sample.get(0).length;
        int n = sample.size();
        float[][] points = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] v = sample.get(i);
            if (v.length != dim) {
                throw new IllegalArgumentException("sample vectors differ in dimension: " + v.length + " vs " + dim);
            }
            points[i] = metric == Metric.COSINE ? unit(v) : v.clone();
        }
        int kk = Math.min(k, n);
        float[] data = new float[kk * dim];
        if (kk == n) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(points[i], 0, data, i * dim, dim);
            }
        } else {
            VectorFloat<?>[] vs = new VectorFloat<?>[n];
            for (int i = 0; i < n; i++) {
                vs[i] = VTS.createFloatVector(points[i]);
            }
            VectorFloat<?> flat = new KMeansPlusPlusClusterer(vs, kk).cluster(iterations, 0);
            for (int i = 0; i < kk * dim; i++) {
                data[i] = flat.get(i);
            }
        }
        if (metric == Metric.COSINE) {
            for (int c = 0; c < kk; c++) {
                normalizeInPlace(data, c * dim, dim);
            }
        }
        return new Centroids(version, kk, dim, metric, data);
    }

    private static float[] unit(float[] v) {
        float[] out = v.clone();
        normalizeInPlace(out, 0, out.length);
        return out;
    }

    private static void normalizeInPlace(float[] a, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += (double) a[i] * a[i];
        }
        if (s == 0) {
            return;
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = off; i < off + len; i++) {
            a[i] *= inv;
        }
    }
}
