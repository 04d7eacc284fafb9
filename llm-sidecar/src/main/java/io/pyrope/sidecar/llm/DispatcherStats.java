package io.pyrope.sidecar.llm;

/** Counters of the dispatcher since start. */
public record DispatcherStats(long submitted, long folded, long rejected, long timedOut, long retries,
                              long rateLimitWaits, long remoteSuccesses, long offlineFallbacks, int queued) {
}
