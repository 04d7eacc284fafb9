package io.pyrope.domain;

import java.time.Duration;
import java.util.Map;

/**
 * One LLM-cache entry: the prompt's embedding, or its text (exactly one: the node embeds text with
 * its sidecar's model), the response bytes, metadata (filterable) and a TTL ({@link Duration#ZERO}
 * = the server's default).
 */
public record LlmCacheEntry(float[] embedding, String text, byte[] response, Map<String, String> metadata, Duration ttl) {
    public LlmCacheEntry {
        embedding = embedding == null ? new float[0] : embedding.clone();
        text = text == null ? "" : text;
        response = response == null ? new byte[0] : response.clone();
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        ttl = ttl == null ? Duration.ZERO : ttl;
    }

    /** An entry keyed by the prompt's embedding. */
    public LlmCacheEntry(float[] embedding, byte[] response, Map<String, String> metadata, Duration ttl) {
        this(embedding, "", response, metadata, ttl);
    }

    /** An entry keyed by the prompt's text (embedded by the node). */
    public static LlmCacheEntry ofText(String text, byte[] response, Map<String, String> metadata, Duration ttl) {
        return new LlmCacheEntry(null, text, response, metadata, ttl);
    }
}
