package io.pyrope.bench;

import io.pyrope.domain.IndexSpec;

/** A running Pyrope node as the bench drives it, over one transport. Thread-safe. */
interface BenchTarget extends AutoCloseable {

    /** Receives load progress: messages sent (for the bar) and writes acknowledged (for the rate). */
    interface LoadListener {
        void sent(int vectors);

        void acknowledged(long vectors);
    }

    /**
     * How far the server has indexed an index: entries held and entries not yet in a graph
     * segment, summed over nodes, and the largest such head on one node.
     */
    record IndexState(long stored, long head, long maxNodeHead) {
    }

    void createIndex(IndexSpec spec);

    void dropIndex(String index);

    /** Writes base[from, to) with ids "v" + ordinal in messages of {@code batch} vectors; returns when acknowledged. */
    void load(String index, float[][] base, int from, int to, int batch, LoadListener listener) throws Exception;

    /** Ordinals of the hits, best first; ef for HNSW, nprobe for IVF (the other 0; 0 = the default). */
    int[] search(String index, float[] query, int k, int ef, int nprobe);

    IndexState indexState(String index);

    @Override
    void close();

    static String id(int ordinal) {
        return "v" + ordinal;
    }

    static int ordinal(String id) {
        return Integer.parseInt(id, 1, id.length(), 10);
    }
}
