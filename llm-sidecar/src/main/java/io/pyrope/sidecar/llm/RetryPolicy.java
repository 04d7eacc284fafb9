package io.pyrope.sidecar.llm;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to retry one provider: only retryable errors, at most {@code maxAttempts} attempts in all,
 * exponential back-off with full jitter between {@code baseBackoff} and {@code maxBackoff}, and a
 * server's Retry-After honoured as a lower bound. A Retry-After longer than {@code maxRetryAfter}
 * gives up on the provider at once rather than holding the request.
 *
 * @param jitter source of uniform [0,1) numbers, injected so tests are deterministic
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff,
                          Duration maxRetryAfter, DoubleSupplier jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= baseBackoff <= maxBackoff");
        }
    }

    /**
     * @param attemptsMade attempts already made on this provider (>= 1)
     * @return the delay before the next attempt, or empty to stop retrying this provider
     */
    public Optional<Duration> nextDelay(int attemptsMade, LlmException failure) {
        if (!failure.retryable() || attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        long cap = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attemptsMade - 1, 20));
        // Half fixed, half jittered: spreads retries without ever going below half the back-off.
        long backoff = cap / 2 + (long) (jitter.getAsDouble() * (cap - cap / 2));
        Optional<Duration> retryAfter = failure.retryAfter();
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(maxRetryAfter) > 0) {
                return Optional.empty();
            }
            backoff = Math.max(backoff, retryAfter.get().toMillis());
        }
        return Optional.of(Duration.ofMillis(backoff));
    }
}
