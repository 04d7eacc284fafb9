package io.pyrope.node.sidecar;

import java.time.Clock;
import java.util.function.BiConsumer;

/**
 * A circuit breaker over calls to the sidecar, on an injected clock. CLOSED: calls go through;
 * {@code failureThreshold} consecutive failures open it. OPEN: calls are refused at once (no
 * connection attempt, no deadline to wait for) until {@code openMs} have passed; then the next
 * caller gets through as the single probe (HALF_OPEN) while everyone else is still refused. The
 * probe's success closes the circuit, its failure opens it for another {@code openMs}.
 * Thread-safe; the listener hears every state change as (from, to), outside the breaker's lock.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, HALF_OPEN, OPEN }

    private final Clock clock;
    private final int failureThreshold;
    private final long openMs;
    private final BiConsumer<State, State> listener;
    private State state = State.CLOSED;
    private int failures;
    private long openedAtMs;

    public CircuitBreaker(Clock clock, int failureThreshold, long openMs, BiConsumer<State, State> listener) {
        if (failureThreshold < 1 || openMs < 0) {
            throw new IllegalArgumentException("need failureThreshold >= 1 and openMs >= 0");
        }
        this.clock = clock;
        this.failureThreshold = failureThreshold;
        this.openMs = openMs;
        this.listener = listener;
    }

    /** Whether a call may go ahead now; a true from an OPEN circuit makes the caller the probe. */
    public boolean tryAcquire() {
        synchronized (this) {
            switch (state) {
                case CLOSED:
                    return true;
                case HALF_OPEN:
                    return false;
                default:
                    if (clock.millis() - openedAtMs < openMs) {
                        return false;
                    }
                    state = State.HALF_OPEN;
            }
        }
        listener.accept(State.OPEN, State.HALF_OPEN);
        return true;
    }

    public void onSuccess() {
        State from;
        synchronized (this) {
            failures = 0;
            from = state;
            state = State.CLOSED;
        }
        if (from != State.CLOSED) {
            listener.accept(from, State.CLOSED);
        }
    }

    public void onFailure() {
        State from;
        synchronized (this) {
            failures++;
            if (state == State.OPEN || (state == State.CLOSED && failures < failureThreshold)) {
                return;
            }
            from = state;
            state = State.OPEN;
            openedAtMs = clock.millis();
        }
        listener.accept(from, State.OPEN);
    }

    public synchronized State state() {
        return state;
    }
}
