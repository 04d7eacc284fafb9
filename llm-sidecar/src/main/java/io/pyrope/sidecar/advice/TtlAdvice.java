package io.pyrope.sidecar.advice;

/** Suggested TTL of cached results of one cluster, with a human-readable reason. */
public record TtlAdvice(int clusterId, long ttlSeconds, String reason, AdviceSource source) {
}
