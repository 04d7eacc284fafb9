package io.pyrope.sidecar.markov;

/** Warm {@code to} after an access to {@code from}: P(to | from), decayed support, suggested TTL. */
public record PrefetchRule(int from, int to, double probability, double support, long suggestedTtlSeconds) {
}
