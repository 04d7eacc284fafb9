package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.VectorUtil;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.github.jbellis.jvector.vector.types.VectorTypeSupport;
import io.pyrope.domain.Metric;

/**
 * How one metric is stored, searched and scored.
 *
 * <ul>
 *   <li>COSINE: vectors and queries are normalised once (a copy; the written values are kept for
 *   includeVectors) and compared by dot product; the score is the cosine in [-1, 1].</li>
 *   <li>DOT_PRODUCT: vectors are stored as written and scored by the raw dot product. jvector's
 *   graph needs unit vectors for this metric, so segments index an augmented copy
 *   {@code [x / M, sqrt(1 - |x|^2 / M^2)]} (M = the segment's largest norm), which turns maximum
 *   inner product into cosine without changing the order (see {@link SegmentGraph}).</li>
 *   <li>L2: vectors as written; the score is {@code 1 / (1 + squared distance)}.</li>
 * </ul>
 * Every returned score is computed here from the stored vectors, never taken from jvector's
 * internal scale.
 */
final class MetricSpace {
    static final VectorTypeSupport VTS = VectorizationProvider.getInstance().getVectorTypeSupport();

    private final Metric metric;
    private final int dimension;

    MetricSpace(Metric metric, int dimension) {
        this.metric = metric;
        this.dimension = dimension;
    }

    Metric metric() {
        return metric;
    }

    int dimension() {
        return dimension;
    }

    /** The vector as searched; shares {@code raw} unless the metric normalises. */
    VectorFloat<?> searchVector(float[] raw) {
        return VTS.createFloatVector(metric == Metric.COSINE ? normalized(raw) : raw);
    }

    /** The query as searched against {@link #searchVector} values. */
    VectorFloat<?> queryVector(float[] q) {
        return VTS.createFloatVector(metric == Metric.COSINE ? normalized(q) : q);
    }

    /** User-facing similarity of a prepared query and a stored search vector. */
    float score(VectorFloat<?> query, VectorFloat<?> stored) {
        switch (metric) {
            case COSINE:
                return Math.max(-1f, Math.min(1f, dot(query, stored)));
            case DOT_PRODUCT:
                return dot(query, stored);
            default:
                return 1f / (1f + squareDistance(query, stored));
        }
    }

    /** {@link #score} of the query and the vector at {@code offset} of a packed run of vectors. */
    float score(VectorFloat<?> query, VectorFloat<?> packed, int offset) {
        switch (metric) {
            case COSINE:
                return Math.max(-1f, Math.min(1f, dot(query, packed, offset)));
            case DOT_PRODUCT:
                return dot(query, packed, offset);
            default:
                return 1f / (1f + squareDistance(query, packed, offset));
        }
    }

    private float dot(VectorFloat<?> q, VectorFloat<?> packed, int offset) {
        return ScalarKernels.ACTIVE ? ScalarKernels.dot((float[]) q.get(), (float[]) packed.get(), offset)
                : VectorUtil.dotProduct(q, 0, packed, offset, dimension);
    }

    private float squareDistance(VectorFloat<?> q, VectorFloat<?> packed, int offset) {
        return ScalarKernels.ACTIVE ? ScalarKernels.squareDistance((float[]) q.get(), (float[]) packed.get(), offset)
                : VectorUtil.squareL2Distance(q, 0, packed, offset, dimension);
    }

    /** Dot product with the fastest kernel this JVM has (SIMD on JDK 21+ with the Vector API). */
    static float dot(VectorFloat<?> a, VectorFloat<?> b) {
        return ScalarKernels.ACTIVE ? ScalarKernels.dot((float[]) a.get(), (float[]) b.get()) : VectorUtil.dotProduct(a, b);
    }

    /** Squared Euclidean distance, as {@link #dot}. */
    static float squareDistance(VectorFloat<?> a, VectorFloat<?> b) {
        return ScalarKernels.ACTIVE ? ScalarKernels.squareDistance((float[]) a.get(), (float[]) b.get())
                : VectorUtil.squareL2Distance(a, b);
    }

    static float[] normalized(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        float[] out = new float[v.length];
        if (sum == 0) {
            return out;
        }
        float inv = (float) (1.0 / Math.sqrt(sum));
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
