package io.pyrope.domain;

/** State of an index's semantic centroids: configured k, trained count, version and training size. */
public record CentroidInfo(int k, int trained, long version, long trainedOnVectors) {
}
