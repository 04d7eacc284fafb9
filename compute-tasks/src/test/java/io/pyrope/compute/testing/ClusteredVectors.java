package io.pyrope.compute.testing;

import java.util.Random;

/** Seeded Gaussian-cluster vectors: realistic enough for recall tests (uniform noise is not). */
public final class ClusteredVectors {
    private final float[][] centers;
    private final Random random;
    private final float spread;

    public ClusteredVectors(int dim, int clusters, float spread, long seed) {
        this.random = new Random(seed);
        this.spread = spread;
        this.centers = new float[clusters][dim];
        for (float[] c : centers) {
            for (int i = 0; i < dim; i++) {
                c[i] = (float) random.nextGaussian();
            }
        }
    }

    public float[] next() {
        float[] c = centers[random.nextInt(centers.length)];
        float[] v = new float[c.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = c[i] + spread * (float) random.nextGaussian();
        }
        return v;
    }

    public float[][] next(int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = next();
        }
        return out;
    }
}
