package io.pyrope.node.budget;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/** Adds a node's pending usage to a tenant-month entry, atomically on the entry's primary. */
public final class AddUsage implements CacheEntryProcessor<String, UsageCounters, Void> {
    private static final long serialVersionUID = 1L;

    /** The flushing node (its consistent id): the entry keeps each node's flushed spend. */
    final String node;
    final long spentMicros;
    final long searches;
    final long degraded;
    final long rejected;
    final long prefetchMicros;
    final long prefetches;

    public AddUsage(String node, long spentMicros, long searches, long degraded, long rejected, long prefetchMicros,
                    long prefetches) {
        this.node = node;
        this.spentMicros = spentMicros;
        this.searches = searches;
        this.degraded = degraded;
        this.rejected = rejected;
        this.prefetchMicros = prefetchMicros;
        this.prefetches = prefetches;
    }

    @Override
    public Void process(MutableEntry<String, UsageCounters> entry, Object... args) {
        UsageCounters current = entry.exists() ? entry.getValue() : new UsageCounters();
        entry.setValue(current.plus(this));
        return null;
    }
}
