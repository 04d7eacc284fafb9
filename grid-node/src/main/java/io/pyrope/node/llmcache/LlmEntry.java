package io.pyrope.node.llmcache;

import java.util.Map;

/** One validated entry to store: the prompt's embedding, the response, metadata and TTL. */
record LlmEntry(float[] embedding, byte[] response, Map<String, String> metadata, long ttlMs) {
}
