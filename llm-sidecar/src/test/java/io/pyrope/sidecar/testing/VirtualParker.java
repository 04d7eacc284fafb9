package io.pyrope.sidecar.testing;

import io.pyrope.sidecar.time.Parker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;

/** Virtual time: parking advances the clock instead of waiting, and records each wait. */
public final class VirtualParker implements Parker {

    private final MutableClock clock;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    public VirtualParker(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void park(Condition condition, Duration maxWait) {
        if (!maxWait.isNegative() && !maxWait.isZero()) {
            waits.add(maxWait);
            clock.advance(maxWait);
        }
    }

    public List<Duration> waits() {
        return List.copyOf(waits);
    }
}
