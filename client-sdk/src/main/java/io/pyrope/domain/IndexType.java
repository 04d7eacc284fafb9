package io.pyrope.domain;

/**
 * How an index searches. HNSW: jvector graph segments, effort = ef. IVF: inverted lists over the
 * index's semantic centroids, each vector in its nearest centroid's list; a search scans the
 * {@code nprobe} nearest lists exactly, effort = nprobe. No graph is built for IVF.
 */
public enum IndexType {
    HNSW,
    IVF
}
