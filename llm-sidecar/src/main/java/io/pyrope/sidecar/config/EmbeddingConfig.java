package io.pyrope.sidecar.config;

import java.util.Objects;
import java.util.Set;

/**
 * The embedding service (text → vectors for the node).
 *
 * @param provider     {@code minilm} (all-MiniLM-L6-v2 in process, offline) or {@code openai}
 *                     (an OpenAI-compatible {@code /embeddings} endpoint)
 * @param maxBatch     most texts per Embed call
 * @param maxTextChars longest accepted text
 * @param threads      embedding workers (each runs one call at a time)
 * @param queue        calls waiting for a worker; beyond it calls fail with RESOURCE_EXHAUSTED
 * @param preload      load the model at start (else on the first call)
 */
public record EmbeddingConfig(String provider, int maxBatch, int maxTextChars, int threads, int queue,
                              boolean preload, OpenAiEmbeddingConfig openai) {
    public static final Set<String> PROVIDERS = Set.of("minilm", "openai");

    public EmbeddingConfig {
        if (!PROVIDERS.contains(provider)) {
            throw new IllegalArgumentException("embedding.provider must be one of " + PROVIDERS + ", got '" + provider + "'");
        }
        if (maxBatch < 1 || maxBatch > 4096 || maxTextChars < 1 || threads < 1 || queue < 0) {
            throw new IllegalArgumentException("embedding.maxBatch must be 1..4096, maxTextChars and threads >= 1, queue >= 0");
        }
        Objects.requireNonNull(openai, "embedding.openai");
    }
}
