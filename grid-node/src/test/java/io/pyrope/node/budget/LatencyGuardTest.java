package io.pyrope.node.budget;

import io.pyrope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyGuardTest {

    @Test
    void degradesWhileP99IsAboveTargetAndRecoversWithHysteresis() {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        LatencyGuard guard = new LatencyGuard(clock, 10.0, 0.25);
        feed(guard, clock, 200, ms(4));
        assertThat(guard.factor()).isEqualTo(1.0);

        // A slow phase: 5 % of searches take 40 ms -> p99 40 ms > 10 ms target.
        double previous = 1.0;
        for (int step = 0; step < 10; step++) {
            for (int i = 0; i < 100; i++) {
                guard.record(i % 20 == 0 ? ms(40) : ms(4));
            }
            clock.advance(Duration.ofMillis(LatencyGuard.EVALUATE_EVERY_MS));
            double f = guard.factor();
            assertThat(f).isLessThanOrEqualTo(previous);
            previous = f;
        }
        assertThat(previous).isLessThan(0.5).isGreaterThanOrEqualTo(0.25);
        assertThat(guard.lastP99Ms()).isGreaterThan(10.0);

        // Latency settles at 9 ms: inside the band (8..10 ms), so effort holds, no oscillation.
        clock.advance(Duration.ofSeconds(LatencyGuard.WINDOW_SECONDS + 1));
        double held = -1;
        for (int step = 0; step < 8; step++) {
            feed(guard, clock, 100, ms(9));
            double f = guard.factor();
            if (held >= 0) {
                assertThat(f).isEqualTo(held);
            }
            held = f;
        }
        assertThat(held).isLessThan(1.0);

        // Fast again: effort climbs back to full.
        clock.advance(Duration.ofSeconds(LatencyGuard.WINDOW_SECONDS + 1));
        for (int step = 0; step < 40; step++) {
            feed(guard, clock, 50, ms(2));
            guard.factor();
        }
        assertThat(guard.factor()).isEqualTo(1.0);
    }

    @Test
    void tooFewSamplesNeverDegrade() {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        LatencyGuard guard = new LatencyGuard(clock, 1.0, 0.25);
        for (int i = 0; i < LatencyGuard.MIN_SAMPLES - 1; i++) {
            guard.record(ms(500));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.factor()).isEqualTo(1.0);
    }

    private static void feed(LatencyGuard guard, MutableClock clock, int n, long nanos) {
        for (int i = 0; i < n; i++) {
            guard.record(nanos);
        }
        clock.advance(Duration.ofMillis(LatencyGuard.EVALUATE_EVERY_MS));
    }

    private static long ms(double ms) {
        return (long) (ms * 1_000_000);
    }
}
