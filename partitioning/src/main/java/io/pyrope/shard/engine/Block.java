package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.types.VectorFloat;

import java.util.Map;

/**
 * A run of entries with dense ordinals. A block starts as the mutable delta head (appended to
 * under the shard's write lock, scanned exactly), is sealed (no more appends) and finally gets a
 * graph (HNSW) or inverted lists (IVF); from then on it is a segment searched through them. The
 * entries, their ordinals and the tombstones stay the same object throughout, so attaching the
 * graph or lists (or replacing the lists after a retrain) is one volatile write and no search can
 * miss or double-count an entry because of it.
 */
final class Block {
    final long id;
    final String[] ids;
    final int[] partitions;
    final Map<String, String>[] metadata;
    /** The vectors as written (returned by includeVectors, used for exact scores). */
    final float[][] raw;
    /** The vectors as searched: normalised for COSINE, the raw values otherwise. */
    final VectorFloat<?>[] vectors;
    final DeadSet dead;
    private volatile int count;
    private volatile SegmentGraph graph;
    private volatile IvfLists lists;
    private volatile boolean sealed;

    @SuppressWarnings("unchecked")
    Block(long id, int capacity) {
        this.id = id;
        ids = new String[capacity];
        partitions = new int[capacity];
        metadata = new Map[capacity];
        raw = new float[capacity][];
        vectors = new VectorFloat<?>[capacity];
        dead = new DeadSet(capacity);
    }

    int capacity() {
        return ids.length;
    }

    /** Readers see every slot below the count they read: slots are written before the count. */
    int count() {
        return count;
    }

    boolean isFull() {
        return count == ids.length;
    }

    /** Only under the shard's write lock (or before the block is published). */
    int append(String id, int partition, float[] rawVector, VectorFloat<?> vector, Map<String, String> md) {
        int ord = count;
        ids[ord] = id;
        partitions[ord] = partition;
        metadata[ord] = md;
        raw[ord] = rawVector;
        vectors[ord] = vector;
        count = ord + 1;
        return ord;
    }

    boolean isDead(int ord) {
        return dead.get(ord);
    }

    boolean kill(int ord) {
        return dead.set(ord);
    }

    int liveCount() {
        return count - dead.cardinality();
    }

    double deadRatio() {
        int n = count;
        return n == 0 ? 0 : (double) dead.cardinality() / n;
    }

    void seal() {
        sealed = true;
    }

    boolean isSealed() {
        return sealed;
    }

    SegmentGraph graph() {
        return graph;
    }

    void attach(SegmentGraph g) {
        graph = g;
    }

    IvfLists lists() {
        return lists;
    }

    /** Publishes IVF lists covering every ordinal of this sealed block (replacing older ones). */
    void attach(IvfLists l) {
        lists = l;
    }

    /** True once the block is a segment: it has a graph or IVF lists and is no longer scanned exactly. */
    boolean indexed() {
        return graph != null || lists != null;
    }

    @Override
    public String toString() {
        return "Block#" + id + "[" + count + (graph != null ? ", graph" : lists != null ? ", ivf" : sealed ? ", sealed" : ", head") + "]";
    }
}
