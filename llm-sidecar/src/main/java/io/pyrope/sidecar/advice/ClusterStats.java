package io.pyrope.sidecar.advice;

/** Write heat (writes per minute) and cache hits/misses of one cluster, as the node measured them. */
public record ClusterStats(int clusterId, double writeHeat, long hits, long misses) {

    public ClusterStats {
        if (writeHeat < 0 || Double.isNaN(writeHeat) || hits < 0 || misses < 0) {
            throw new IllegalArgumentException("heat, hits and misses must be >= 0");
        }
    }

    /** Hit ratio, 0.5 (no opinion) when nothing was looked up. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.5 : (double) hits / lookups;
    }
}
