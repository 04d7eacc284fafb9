package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.VectorizationProvider;

/**
 * Dot product and squared distance for JDKs where jvector has no SIMD provider (JDK 17 here):
 * jvector's scalar fallback sums into one accumulator, a chain of dependent adds; four
 * independent accumulators let the CPU overlap them. On JDK 20+ with the Vector API (or the
 * native provider) jvector's own kernels are used instead.
 */
final class ScalarKernels {
    /** True when jvector fell back to its plain-Java provider, whose vectors wrap float[]. */
    static final boolean ACTIVE = VectorizationProvider.getInstance().getClass().getSimpleName()
            .equals("DefaultVectorizationProvider");

    private ScalarKernels() {
    }

    static float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    /** a · b[off .. off + a.length). */
    static float dot(float[] a, float[] b, int off) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[off + i];
            s1 += a[i + 1] * b[off + i + 1];
            s2 += a[i + 2] * b[off + i + 2];
            s3 += a[i + 3] * b[off + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[off + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float squareDistance(float[] a, float[] b) {
        return squareDistance(a, b, 0);
    }

    /** |a - b[off .. off + a.length)|². */
    static float squareDistance(float[] a, float[] b, int off) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int n = a.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float d0 = a[i] - b[off + i];
            float d1 = a[i + 1] - b[off + i + 1];
            float d2 = a[i + 2] - b[off + i + 2];
            float d3 = a[i + 3] - b[off + i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = a[i] - b[off + i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
