package io.pyrope.domain;

/** An index as described to users: its spec, live vector count, centroid state and creation time. */
public record IndexInfo(IndexSpec spec, long vectorCount, CentroidInfo centroids, long createdAtMs) {
}
