package io.pyrope.node.budget;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/** Adds a node's pending usage to a tenant-month entry, atomically on the entry's primary. */
public final class AddUsage implements CacheEntryProcessor<String, UsageCounters, Void> {
    private static final long serialVersionUID = 1L;

    private final String node;
    private final long spentMicros;
    private final long searches;
    private final long degraded;
    private final long rejected;

    public AddUsage(String node, long spentMicros, long searches, long degraded, long rejected) {
        this.node = node;
        this.spentMicros = spentMicros;
        this.searches = searches;
        this.degraded = degraded;
        this.rejected = rejected;
    }

    @Override
    public Void process(MutableEntry<String, UsageCounters> entry, Object... args) {
        UsageCounters current = entry.exists() ? entry.getValue() : new UsageCounters();
        entry.setValue(current.plus(node, spentMicros, searches, degraded, rejected));
        return null;
    }
}
