package io.pyrope.sidecar.embed;

import java.util.List;

/**
 * Turns texts into vectors with one fixed model. Blocking; called from the sidecar's embedding
 * workers, possibly concurrently.
 */
public interface Embedder extends AutoCloseable {

    /** Stable id of the model; changes exactly when the vectors would. */
    String modelId();

    int dimension();

    /** True when every vector has unit length. */
    boolean normalized();

    /** One vector of {@link #dimension()} per text, in order. */
    List<float[]> embed(List<String> texts) throws EmbeddingException;

    /** Loads what the first call would otherwise load (no-op by default). */
    default void warmUp() throws EmbeddingException {
    }

    @Override
    default void close() {
    }
}
