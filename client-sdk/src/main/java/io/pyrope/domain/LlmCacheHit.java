package io.pyrope.domain;

import java.util.Map;

/** An LLM-cache lookup's answer: the stored response, its metadata and the cosine similarity. */
public record LlmCacheHit(byte[] response, Map<String, String> metadata, float similarity) {
    public LlmCacheHit {
        response = response.clone();
        metadata = Map.copyOf(metadata);
    }
}
