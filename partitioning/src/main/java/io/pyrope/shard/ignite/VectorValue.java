package io.pyrope.shard.ignite;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.IndexType;
import io.pyrope.domain.Metric;

import java.util.HashMap;
import java.util.Map;

/**
 * Value of the vectors cache: the vector, its metadata as parallel arrays (no JDK collections
 * inside cache values: STACK.md), and the index's graph parameters. The parameters ride along so
 * that a node can build its shard (graph or IVF) from the entry alone, even while the metadata cache is still
 * rebalancing; they are a few bytes next to the vector.
 */
public final class VectorValue {
    private final float[] values;
    private final String[] metaKeys;
    private final String[] metaValues;
    private final byte metric;
    private final short m;
    private final short beamWidth;
    /** {@link IndexType} ordinal; absent (0 = HNSW) in entries written before IVF existed. */
    private final byte type;

    public VectorValue(float[] values, Map<String, String> metadata, IndexSpec spec) {
        this.values = values;
        this.metaKeys = new String[metadata.size()];
        this.metaValues = new String[metadata.size()];
        int i = 0;
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            metaKeys[i] = e.getKey();
            metaValues[i] = e.getValue();
            i++;
        }
        this.metric = (byte) spec.metric().ordinal();
        this.m = (short) spec.m();
        this.beamWidth = (short) spec.beamWidth();
        this.type = (byte) spec.type().ordinal();
    }

    /** The stored vector; callers must not modify it. */
    public float[] values() {
        return values;
    }

    public Map<String, String> metadata() {
        if (metaKeys == null || metaKeys.length == 0) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>(metaKeys.length * 2);
        for (int i = 0; i < metaKeys.length; i++) {
            out.put(metaKeys[i], metaValues[i]);
        }
        return Map.copyOf(out);
    }

    /** The shard spec for the index this entry belongs to (centroid count and nprobe are not carried). */
    public IndexSpec shardSpec(String index) {
        IndexType t = IndexType.values()[type];
        return t == IndexType.IVF
                ? IndexSpec.ivf(index, values.length, Metric.values()[metric], 0, 0)
                : new IndexSpec(index, values.length, Metric.values()[metric], m, beamWidth, 0);
    }
}
