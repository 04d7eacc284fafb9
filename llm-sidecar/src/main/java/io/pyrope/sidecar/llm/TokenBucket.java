package io.pyrope.sidecar.llm;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket refilled continuously at {@code perMinute}, holding at most one minute's worth.
 * The balance may go negative when actual usage exceeds what was reserved; later callers then
 * wait for the debt to be repaid. Thread-safe; time comes from the injected clock.
 */
public final class TokenBucket {

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private double tokens;
    private long lastRefillMs;

    public TokenBucket(long perMinute, Clock clock) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("perMinute must be > 0");
        }
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.clock = clock;
        this.tokens = perMinute;
        this.lastRefillMs = clock.millis();
    }

    /** Time until {@code amount} tokens are available; zero means they may be taken now. */
    public synchronized Duration waitFor(double amount) {
        refill();
        double need = Math.min(amount, capacity) - tokens;
        return need <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(need / perMilli));
    }

    /** Takes the tokens (the caller checked {@link #waitFor}); may drive the balance negative. */
    public synchronized void take(double amount) {
        refill();
        tokens -= amount;
    }

    /** Returns unused reserved tokens, or charges more when usage exceeded the reservation. */
    public synchronized void adjust(double delta) {
        refill();
        tokens = Math.min(capacity, tokens - delta);
    }

    public synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = clock.millis();
        if (now > lastRefillMs) {
            tokens = Math.min(capacity, tokens + (now - lastRefillMs) * perMilli);
            lastRefillMs = now;
        }
    }
}
