package io.pyrope.domain;

import java.time.Duration;
import java.util.Map;

/**
 * One LLM-cache entry: the prompt's embedding, the response bytes, metadata (filterable) and a
 * TTL ({@link Duration#ZERO} = the server's default).
 */
public record LlmCacheEntry(float[] embedding, byte[] response, Map<String, String> metadata, Duration ttl) {
    public LlmCacheEntry {
        embedding = embedding == null ? new float[0] : embedding.clone();
        response = response == null ? new byte[0] : response.clone();
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        ttl = ttl == null ? Duration.ZERO : ttl;
    }
}
