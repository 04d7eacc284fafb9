package io.pyrope.node.cache;

/**
 * Write heat of one (tenant, index, centroid version, cluster): an exponentially decayed rate in
 * writes per minute, as of {@code atMs}. Plain final class (an Ignite cache value). Immutable.
 */
final class HeatValue {
    /** Decay time constant: a burst's heat falls to 1/e after a minute. */
    static final long TAU_MS = 60_000;

    private final double perMinute;
    private final long atMs;

    HeatValue(double perMinute, long atMs) {
        this.perMinute = perMinute;
        this.atMs = atMs;
    }

    /** The rate decayed to {@code nowMs}. */
    double perMinuteAt(long nowMs) {
        long dt = Math.max(0, nowMs - atMs);
        return perMinute * Math.exp(-(double) dt / TAU_MS);
    }

    /**
     * Adds {@code writes} seen at {@code nowMs}. An EWMA with time constant TAU: at a steady w
     * writes/minute the value settles at w.
     */
    HeatValue plus(long writes, long nowMs) {
        return new HeatValue(perMinuteAt(nowMs) + writes * (60_000.0 / TAU_MS), Math.max(atMs, nowMs));
    }
}
