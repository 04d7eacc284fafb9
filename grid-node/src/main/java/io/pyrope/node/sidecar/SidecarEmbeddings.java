package io.pyrope.node.sidecar;

import java.util.List;

/** Vectors from the sidecar for a batch of texts, with the model that made them. */
public record SidecarEmbeddings(SidecarModel model, List<float[]> vectors) {
    public SidecarEmbeddings {
        vectors = List.copyOf(vectors);
    }
}
