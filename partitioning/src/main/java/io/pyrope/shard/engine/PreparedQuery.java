package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.types.VectorFloat;

/** A query vector prepared once per search: as the metric space compares it, and for DOT_PRODUCT graphs. */
final class PreparedQuery {
    private final float[] raw;
    private final VectorFloat<?> vector;
    private VectorFloat<?> augmented;

    PreparedQuery(float[] raw, MetricSpace space) {
        this.raw = raw;
        this.vector = space.queryVector(raw);
    }

    VectorFloat<?> vector() {
        return vector;
    }

    /** [q / |q|, 0]: ranks the augmented unit vectors of a segment by raw dot product. */
    VectorFloat<?> augmented() {
        if (augmented == null) {
            float[] n = MetricSpace.normalized(raw);
            float[] a = new float[raw.length + 1];
            System.arraycopy(n, 0, a, 0, n.length);
            augmented = MetricSpace.VTS.createFloatVector(a);
        }
        return augmented;
    }
}
