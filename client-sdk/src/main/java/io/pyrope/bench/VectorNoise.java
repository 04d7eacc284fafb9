package io.pyrope.bench;

import java.util.Random;

/** Random directions of a given length, and sums: how the synthetic workloads place vectors. */
final class VectorNoise {
    private VectorNoise() {
    }

    /** A uniformly random direction of length {@code norm}. */
    static float[] gaussian(Random rnd, int dim, double norm) {
        float[] v = new float[dim];
        double n = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += (double) v[i] * v[i];
        }
        double scale = norm / Math.sqrt(n);
        for (int i = 0; i < dim; i++) {
            v[i] = (float) (v[i] * scale);
        }
        return v;
    }

    static float[] add(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
