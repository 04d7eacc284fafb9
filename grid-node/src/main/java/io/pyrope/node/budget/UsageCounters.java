package io.pyrope.node.budget;

import java.util.Arrays;

/**
 * One tenant-month of usage as stored in the usage cache. Cost is kept in micro-units (longs) so
 * that concurrent increments from many nodes add up exactly, and per node (the spend each node has
 * flushed), so that a node can replace its own flushed part with its exact local total and never
 * count a flush twice. A plain class on purpose (no records in Ignite caches).
 */
public final class UsageCounters {
    private static final String[] NO_NODES = new String[0];

    private long spentMicros;
    private long searches;
    private long degraded;
    private long rejected;
    /** Of spentMicros: background prefetch searches. */
    private long prefetchMicros;
    private long prefetches;
    private String[] nodes = NO_NODES;
    private long[] nodeSpentMicros = new long[0];

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

    /** What {@code node} has flushed into this entry (micro-units). */
    public long spentMicrosBy(String node) {
        int i = Arrays.asList(nodes).indexOf(node);
        return i < 0 ? 0 : nodeSpentMicros[i];
    }

    UsageCounters plus(AddUsage add) {
        UsageCounters next = new UsageCounters(spentMicros + add.spentMicros, searches + add.searches,
                degraded + add.degraded, rejected + add.rejected, prefetchMicros + add.prefetchMicros,
                prefetches + add.prefetches);
        int i = Arrays.asList(nodes).indexOf(add.node);
        if (i < 0) {
            next.nodes = Arrays.copyOf(nodes, nodes.length + 1);
            next.nodeSpentMicros = Arrays.copyOf(nodeSpentMicros, nodeSpentMicros.length + 1);
            i = nodes.length;
            next.nodes[i] = add.node;
        } else {
            next.nodes = nodes;
            next.nodeSpentMicros = nodeSpentMicros.clone();
        }
        next.nodeSpentMicros[i] += add.spentMicros;
        return next;
    }
}
