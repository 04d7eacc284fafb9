package io.pyrope.domain;

import java.util.Arrays;
import java.util.Map;

/**
 * One stored vector. Immutable: the values array is copied in and {@link #values()} returns the
 * internal array, which callers must not modify (copying on every read would cost the search
 * path); use {@link #valuesCopy()} when a mutable copy is needed.
 */
public record VectorRecord(String id, float[] values, Map<String, String> metadata) {

    public VectorRecord {
        values = values == null ? new float[0] : values.clone();
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public VectorRecord(String id, float[] values) {
        this(id, values, Map.of());
    }

    public float[] valuesCopy() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorRecord other
                && id.equals(other.id)
                && Arrays.equals(values, other.values)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + Arrays.hashCode(values)) + metadata.hashCode();
    }

    @Override
    public String toString() {
        return "VectorRecord[id=" + id + ", dim=" + values.length + ", metadata=" + metadata + "]";
    }
}
