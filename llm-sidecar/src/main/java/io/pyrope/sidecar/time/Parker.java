package io.pyrope.sidecar.time;

import java.time.Duration;
import java.util.concurrent.locks.Condition;

/**
 * How a worker waits for a point in time while holding a lock's condition. Production waits on
 * the condition (so a new arrival or a stop wakes it); tests substitute virtual time that simply
 * advances a fake clock, so back-off and Retry-After are asserted without real sleeps.
 */
@FunctionalInterface
public interface Parker {

    /** Waits at most {@code maxWait}; may return early. The caller re-checks its state. */
    void park(Condition condition, Duration maxWait) throws InterruptedException;

    /** Real time: waits on the condition. */
    static Parker real() {
        return (condition, maxWait) -> condition.awaitNanos(Math.max(1, maxWait.toNanos()));
    }
}
