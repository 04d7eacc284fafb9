package io.pyrope.node.sidecar;

/** The embedding model a sidecar serves, as it reports it. */
public record SidecarModel(String modelId, int dimension) {
}
