package io.pyrope.node.budget;

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
    private String[] nodes = NO_NODES;
    private long[] nodeSpentMicros = new long[0];

    public UsageCounters() {
    }

    public UsageCounters(long spentMicros, long searches, long degraded, long rejected) {
        this.spentMicros = spentMicros;
        this.searches = searches;
        this.degraded = degraded;
        this.rejected = rejected;
    }

    private UsageCounters(long spentMicros, long searches, long degraded, long rejected, String[] nodes,
                          long[] nodeSpentMicros) {
        this(spentMicros, searches, degraded, rejected);
        this.nodes = nodes;
        this.nodeSpentMicros = nodeSpentMicros;
    }

    /** What {@code node} has flushed into this entry (micro-units). */
    public long spentMicrosBy(String node) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i].equals(node)) {
                return nodeSpentMicros[i];
            }
        }
        return 0;
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

    UsageCounters plus(String node, long spent, long searchCount, long degradedCount, long rejectedCount) {
        String[] n = nodes;
        long[] per = nodeSpentMicros;
        int i = java.util.Arrays.asList(n).indexOf(node);
        if (i < 0) {
            n = java.util.Arrays.copyOf(n, n.length + 1);
            per = java.util.Arrays.copyOf(per, per.length + 1);
            i = n.length - 1;
            n[i] = node;
        } else {
            per = per.clone();
        }
        per[i] += spent;
        return new UsageCounters(spentMicros + spent, searches + searchCount, degraded + degradedCount,
                rejected + rejectedCount, n, per);
    }
}
