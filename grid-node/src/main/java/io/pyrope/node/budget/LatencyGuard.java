package io.pyrope.node.budget;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * SLO guardrail for one scope (a tenant, or the whole node): keeps search latencies of the last
 * {@value #WINDOW_SECONDS} seconds in log-scale buckets and, at most every
 * {@value #EVALUATE_EVERY_MS} ms, compares their p99 with the target. Above the target the effort
 * factor shrinks by {@value #DECREASE}×; once the p99 is back under {@value #RECOVER_BELOW} of the
 * target it grows by {@value #INCREASE}× up to 1. The band between is the hysteresis: no
 * oscillation around the target. Needs {@value #MIN_SAMPLES} samples in the window to act.
 * Thread-safe; lock-free on the record path.
 */
public final class LatencyGuard {
    static final int WINDOW_SECONDS = 10;
    static final long EVALUATE_EVERY_MS = 250;
    static final double DECREASE = 0.8;
    static final double INCREASE = 1.1;
    static final double RECOVER_BELOW = 0.8;
    static final int MIN_SAMPLES = 20;

    /** Bucket i holds latencies up to {@code BASE_MICROS × GROWTH^i}. */
    private static final double BASE_MICROS = 50;
    private static final double GROWTH = 1.2;
    private static final int BUCKETS = 64;

    private final Clock clock;
    private final double targetMs;
    private final double floor;
    /** One row of buckets per second slot; slotSecond says which second a row currently holds. */
    private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS * BUCKETS);
    private final AtomicLongArray slotSecond = new AtomicLongArray(WINDOW_SECONDS);
    private volatile double factor = 1.0;
    private volatile long lastEvaluationMs;
    private volatile double lastP99Ms;

    public LatencyGuard(Clock clock, double targetMs, double floor) {
        this.clock = clock;
        this.targetMs = targetMs;
        this.floor = floor;
        for (int i = 0; i < WINDOW_SECONDS; i++) {
            slotSecond.set(i, Long.MIN_VALUE / 2);
        }
    }

    public double targetMs() {
        return targetMs;
    }

    public void record(long latencyNanos) {
        long second = clock.millis() / 1000;
        int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
        if (slotSecond.get(slot) != second) {
            rotate(slot, second);
        }
        counts.incrementAndGet(slot * BUCKETS + bucket(latencyNanos / 1000.0));
    }

    /** The effort factor in [floor, 1]: re-evaluated if the last evaluation is old enough. */
    public double factor() {
        long now = clock.millis();
        if (now - lastEvaluationMs >= EVALUATE_EVERY_MS) {
            evaluate(now);
        }
        return factor;
    }

    /** The p99 of the window at the last evaluation, ms (0 before enough samples). */
    public double lastP99Ms() {
        return lastP99Ms;
    }

    private synchronized void evaluate(long now) {
        if (now - lastEvaluationMs < EVALUATE_EVERY_MS) {
            return;
        }
        lastEvaluationMs = now;
        double p99 = p99Ms(now / 1000);
        if (Double.isNaN(p99)) {
            return;
        }
        lastP99Ms = p99;
        if (p99 > targetMs) {
            factor = Math.max(floor, factor * DECREASE);
        } else if (p99 < targetMs * RECOVER_BELOW) {
            factor = Math.min(1.0, factor * INCREASE);
        }
    }

    /** NaN when the window holds fewer than MIN_SAMPLES latencies. */
    private double p99Ms(long nowSecond) {
        long[] merged = new long[BUCKETS];
        long total = 0;
        for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
            if (nowSecond - slotSecond.get(slot) >= WINDOW_SECONDS) {
                continue;
            }
            for (int b = 0; b < BUCKETS; b++) {
                long c = counts.get(slot * BUCKETS + b);
                merged[b] += c;
                total += c;
            }
        }
        if (total < MIN_SAMPLES) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(total * 0.99);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += merged[b];
            if (seen >= rank) {
                return upperMicros(b) / 1000.0;
            }
        }
        return upperMicros(BUCKETS - 1) / 1000.0;
    }

    private synchronized void rotate(int slot, long second) {
        if (slotSecond.get(slot) == second) {
            return;
        }
        for (int b = 0; b < BUCKETS; b++) {
            counts.set(slot * BUCKETS + b, 0);
        }
        slotSecond.set(slot, second);
    }

    static int bucket(double micros) {
        if (micros <= BASE_MICROS) {
            return 0;
        }
        int b = (int) Math.ceil(Math.log(micros / BASE_MICROS) / Math.log(GROWTH));
        return Math.min(BUCKETS - 1, b);
    }

    static double upperMicros(int bucket) {
        return BASE_MICROS * Math.pow(GROWTH, bucket);
    }
}
