package io.pyrope.client;

import io.pyrope.domain.Metric;

/**
 * The score definitions of Pyrope searches (larger is better), exactly as the server reports
 * them: cosine similarity for COSINE, the raw dot product for DOT_PRODUCT and
 * {@code 1 / (1 + squared euclidean distance)} for L2.
 */
public final class Similarity {
    private Similarity() {
    }

    public static float score(Metric metric, float[] a, float[] b) {
        return switch (metric) {
            case COSINE -> cosine(a, b);
            case DOT_PRODUCT -> dot(a, b);
            case L2 -> 1f / (1f + squaredDistance(a, b));
        };
    }

    public static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static float cosine(float[] a, float[] b) {
        float dot = 0f;
        float na = 0f;
        float nb = 0f;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return (float) (dot / Math.sqrt((double) na * nb));
    }

    public static float squaredDistance(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}
