package io.pyrope.node.sidecar;

import io.pyrope.node.sidecar.CircuitBreaker.State;
import io.pyrope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker on a clock the test moves: opens on consecutive failures, half-opens for one probe, closes on its success. */
class CircuitBreakerTest {
    private final MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");
    private final List<String> transitions = new ArrayList<>();
    private final CircuitBreaker breaker = new CircuitBreaker(clock, 3, 5_000, (from, to) -> transitions.add(from + ">" + to));

    @Test
    void opensAfterConsecutiveFailuresOnly() {
        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.state()).as("a success resets the count").isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(transitions).containsExactly("CLOSED>OPEN");
    }

    @Test
    void anOpenCircuitRefusesUntilItsTimeThenLetsExactlyOneProbeThrough() {
        openIt();
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(4_999));
        assertThat(breaker.tryAcquire()).as("still open just before openMs").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("everyone else waits for the probe").isFalse();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions).containsExactly("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>CLOSED");
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherFullPeriod() {
        openIt();
        clock.advance(Duration.ofSeconds(5));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).as("one failed probe is enough").isEqualTo(State.OPEN);
        clock.advance(Duration.ofMillis(4_000));
        assertThat(breaker.tryAcquire()).isFalse();
        clock.advance(Duration.ofMillis(1_000));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(transitions).containsExactly("CLOSED>OPEN", "OPEN>HALF_OPEN", "HALF_OPEN>OPEN", "OPEN>HALF_OPEN");
    }

    private void openIt() {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }
}
