package io.pyrope.node.budget;

/**
 * One tenant-month of usage as stored in the usage cache. Cost is kept in micro-units (longs) so
 * that concurrent increments from many nodes add up exactly. A plain class on purpose (no records
 * in Ignite caches).
 */
public final class UsageCounters {
    private long spentMicros;
    private long searches;
    private long degraded;
    private long rejected;

    public UsageCounters() {
    }

    public UsageCounters(long spentMicros, long searches, long degraded, long rejected) {
        this.spentMicros = spentMicros;
        this.searches = searches;
        this.degraded = degraded;
        this.rejected = rejected;
    }

    public long spentMicros() {
        return spentMicros;
    }

    public long searches() {
        return searches;
    }

    public long degraded() {
        return degraded;
    }

    public long rejected() {
        return rejected;
    }

    UsageCounters plus(long spent, long searchCount, long degradedCount, long rejectedCount) {
        return new UsageCounters(spentMicros + spent, searches + searchCount, degraded + degradedCount, rejected + rejectedCount);
    }
}
