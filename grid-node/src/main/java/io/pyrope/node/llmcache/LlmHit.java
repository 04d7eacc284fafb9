package io.pyrope.node.llmcache;

import java.util.Map;

/** A lookup's answer: the stored response and metadata, and the cosine similarity of its embedding. */
record LlmHit(byte[] response, Map<String, String> metadata, double similarity) {
}
