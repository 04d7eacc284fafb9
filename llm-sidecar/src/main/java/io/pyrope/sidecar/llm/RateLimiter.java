package io.pyrope.sidecar.llm;

import java.time.Clock;
import java.time.Duration;

/**
 * Requests-per-minute and tokens-per-minute limits as two token buckets. Non-blocking: a caller
 * that cannot proceed learns how long to wait and parks its request instead of a thread.
 */
public final class RateLimiter {

    private final TokenBucket requests;
    private final TokenBucket tokens;

    public RateLimiter(long requestsPerMinute, long tokensPerMinute, Clock clock) {
        this.requests = new TokenBucket(requestsPerMinute, clock);
        this.tokens = new TokenBucket(tokensPerMinute, clock);
    }

    /** Reserves one request and {@code estimatedTokens}; returns zero on success, else the wait. */
    public synchronized Duration tryReserve(int estimatedTokens) {
        Duration wait = max(requests.waitFor(1), tokens.waitFor(estimatedTokens));
        if (wait.isZero()) {
            requests.take(1);
            tokens.take(estimatedTokens);
        }
        return wait;
    }

    /** Settles a reservation against the provider-reported usage. */
    public void settle(int estimatedTokens, int actualTokens) {
        tokens.adjust(actualTokens - estimatedTokens);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
