package io.pyrope.bench;

import java.util.Arrays;

/**
 * Latency percentiles from every recorded sample (a sorted array, no histogram library): at
 * bench sizes (≤ a few million samples) sorting is cheap and the answer is exact.
 */
final class Percentiles {
    private final long[] sortedNanos;

    Percentiles(long[] nanos) {
        this.sortedNanos = nanos.clone();
        Arrays.sort(sortedNanos);
    }

    int count() {
        return sortedNanos.length;
    }

    /** Nearest-rank percentile in nanoseconds: the smallest sample with at least p % of samples ≤ it. */
    long nanos(double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        if (p <= 0) {
            return sortedNanos[0];
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.min(sortedNanos.length, Math.max(1, rank)) - 1];
    }

    double millis(double p) {
        return nanos(p) / 1e6;
    }
}
