package io.pyrope.node.llmcache;

import java.util.HashMap;
import java.util.Map;

/**
 * One LLM-cache entry's response as stored cluster-wide (its embedding lives in the namespace's
 * internal vector index): the bytes, the metadata, expiry and last access (for LRU eviction).
 * Plain final class (an Ignite cache value). Immutable.
 */
final class StoredResponse {
    private final byte[] response;
    private final String[] metaKeys;
    private final String[] metaValues;
    private final long expiresAtMs;
    private final long lastAccessMs;

    StoredResponse(byte[] response, Map<String, String> metadata, long expiresAtMs, long lastAccessMs) {
        this.response = response;
        this.metaKeys = metadata.keySet().toArray(new String[0]);
        this.metaValues = new String[metaKeys.length];
        for (int i = 0; i < metaKeys.length; i++) {
            metaValues[i] = metadata.get(metaKeys[i]);
        }
        this.expiresAtMs = expiresAtMs;
        this.lastAccessMs = lastAccessMs;
    }

    byte[] response() {
        return response;
    }

    Map<String, String> metadata() {
        Map<String, String> m = new HashMap<>(metaKeys.length * 2);
        for (int i = 0; i < metaKeys.length; i++) {
            m.put(metaKeys[i], metaValues[i]);
        }
        return m;
    }

    long expiresAtMs() {
        return expiresAtMs;
    }

    long lastAccessMs() {
        return lastAccessMs;
    }

    StoredResponse touched(long nowMs) {
        return new StoredResponse(response, metadata(), expiresAtMs, Math.max(lastAccessMs, nowMs));
    }
}
