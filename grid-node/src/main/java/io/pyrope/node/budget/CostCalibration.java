package io.pyrope.node.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Learns, per index, how the measured work relates to the structural estimate: an exponentially
 * weighted mean of log(measured / estimated), so that one outlier query moves it little and
 * over- and under-estimates weigh the same. Node-local, bounded (least recently used indexes
 * are forgotten). Thread-safe: updates are lock-free, a lost race loses one sample at most.
 */
public final class CostCalibration {
    static final double WEIGHT = 0.05;
    private static final int MAX_INDEXES = 10_000;

    private final Cache<String, AtomicLong> logRatios = Caffeine.newBuilder().maximumSize(MAX_INDEXES).build();

    /** The calibrated estimate for an index's structural estimate. */
    public double calibrate(String indexKey, double structural) {
        AtomicLong r = logRatios.getIfPresent(indexKey);
        return r == null ? structural : structural * Math.exp(Double.longBitsToDouble(r.get()));
    }

    public void observe(String indexKey, double structural, double measured) {
        if (structural <= 0 || measured <= 0) {
            return;
        }
        double sample = Math.log(measured / structural);
        AtomicLong r = logRatios.get(indexKey, k -> new AtomicLong(Double.doubleToRawLongBits(sample)));
        long old = r.get();
        double next = Double.longBitsToDouble(old) * (1 - WEIGHT) + sample * WEIGHT;
        r.compareAndSet(old, Double.doubleToRawLongBits(next));
    }
}
