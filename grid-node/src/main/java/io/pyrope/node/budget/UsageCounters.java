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
    /** Of spentMicros: background prefetch searches. */
    private long prefetchMicros;
    private long prefetches;

    public UsageCounters() {
    }

    public UsageCounters(long spentMicros, long searches, long degraded, long rejected, long prefetchMicros, long prefetches) {
        this.spentMicros = spentMicros;
        this.searches = searches;
        this.degraded = degraded;
        this.rejected = rejected;
        this.prefetchMicros = prefetchMicros;
        this.prefetches = prefetches;
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

    public long prefetchMicros() {
        return prefetchMicros;
    }

    public long prefetches() {
        return prefetches;
    }

    UsageCounters plus(AddUsage add) {
        return new UsageCounters(spentMicros + add.spentMicros, searches + add.searches, degraded + add.degraded,
                rejected + add.rejected, prefetchMicros + add.prefetchMicros, prefetches + add.prefetches);
    }
}
