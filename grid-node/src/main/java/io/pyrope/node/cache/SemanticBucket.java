package io.pyrope.node.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cached results of one semantic bucket (index incarnation, centroid version, cluster, query
 * shape), newest first, at most a configured number: a lookup compares the query with each, so
 * its cost is bounded by the bucket size, not by the number of cached entries. Plain final class
 * (an Ignite cache value). Immutable.
 */
final class SemanticBucket {
    static final SemanticBucket EMPTY = new SemanticBucket(new CachedResult[0]);

    private final CachedResult[] entries;

    SemanticBucket(CachedResult[] entries) {
        this.entries = entries;
    }

    CachedResult[] entries() {
        return entries;
    }

    /** This bucket with {@code e} first, without expired entries or an older entry of the same query. */
    SemanticBucket with(CachedResult e, int maxSize, long nowMs) {
        List<CachedResult> out = new ArrayList<>(Math.min(maxSize, entries.length + 1));
        out.add(e);
        for (CachedResult old : entries) {
            if (out.size() >= maxSize) {
                break;
            }
            if (old.expiresAtMs() > nowMs && !Arrays.equals(old.query(), e.query())) {
                out.add(old);
            }
        }
        return new SemanticBucket(out.toArray(new CachedResult[0]));
    }

    int weight() {
        int w = 32;
        for (CachedResult e : entries) {
            w += e.weight();
        }
        return w;
    }
}
