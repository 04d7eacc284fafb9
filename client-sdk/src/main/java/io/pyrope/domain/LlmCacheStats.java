package io.pyrope.domain;

/** LLM-cache statistics of a namespace: hits/misses/latency as seen by the answering node, entries cluster-wide. */
public record LlmCacheStats(long hits, long misses, double hitRate, long entries, double lookupP50Micros,
                            double lookupP99Micros) {
}
