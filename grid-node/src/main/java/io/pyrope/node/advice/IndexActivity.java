package io.pyrope.node.advice;

import io.pyrope.node.sidecar.Advice;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the advice pullers need to know about the indexes searched on this node, built from the
 * drained access reports (never on a search's thread): which indexes were searched within the
 * activity window (only those get rules, TTL and alias advice), per cluster the hits and misses
 * since the last TTL advice, and the distinct query keys since the last alias advice. Bounded:
 * {@value #MAX_INDEXES} indexes, {@value #MAX_CLUSTERS} clusters and {@value #MAX_KEYS} query keys each.
 */
final class IndexActivity {
    static final int MAX_INDEXES = 10_000;
    static final int MAX_CLUSTERS = 1_000;
    static final int MAX_KEYS = 100;

    /** Hits and misses per cluster of one centroid numbering. */
    record ClusterCounts(long centroidVersion, Map<Integer, long[]> hitsAndMisses) {
    }

    private static final class State {
        long lastSeenMs;
        long centroidVersion;
        Map<Integer, long[]> counts = new HashMap<>();
        Set<String> queryKeys = new LinkedHashSet<>();
    }

    private final long windowMs;
    private final Map<IndexKey, State> indexes = new ConcurrentHashMap<>();

    /** @param windowMs an index not searched for this long is forgotten */
    IndexActivity(long windowMs) {
        this.windowMs = windowMs;
    }

    void observe(AccessReporter.Observed o) {
        Advice.Access a = o.access();
        IndexKey key = new IndexKey(a.tenant(), a.index());
        State s = indexes.get(key);
        if (s == null) {
            if (indexes.size() >= MAX_INDEXES) {
                return;
            }
            s = indexes.computeIfAbsent(key, k -> new State());
        }
        synchronized (s) {
            s.lastSeenMs = Math.max(s.lastSeenMs, a.timestampMs());
            if (o.centroidVersion() != s.centroidVersion) {
                s.centroidVersion = o.centroidVersion();
                s.counts = new HashMap<>();
            }
            long[] c = s.counts.get(a.cluster());
            if (c == null && s.counts.size() < MAX_CLUSTERS) {
                c = new long[2];
                s.counts.put(a.cluster(), c);
            }
            if (c != null) {
                c[o.hit() ? 0 : 1]++;
            }
            if (!o.queryKey().isEmpty() && s.queryKeys.size() < MAX_KEYS) {
                s.queryKeys.add(o.queryKey());
            }
        }
    }

    /** The indexes searched within the window; forgets the others. */
    List<IndexKey> active(long nowMs) {
        List<IndexKey> out = new ArrayList<>();
        indexes.forEach((k, s) -> {
            long last;
            synchronized (s) {
                last = s.lastSeenMs;
            }
            if (nowMs - last > windowMs) {
                indexes.remove(k, s);
            } else {
                out.add(k);
            }
        });
        return out;
    }

    /** The per-cluster counts since the last call, and a fresh start. */
    ClusterCounts takeCounts(IndexKey key) {
        State s = indexes.get(key);
        if (s == null) {
            return new ClusterCounts(0, Map.of());
        }
        synchronized (s) {
            ClusterCounts out = new ClusterCounts(s.centroidVersion, s.counts);
            s.counts = new HashMap<>();
            return out;
        }
    }

    /** The distinct query keys since the last call. */
    List<String> takeQueryKeys(IndexKey key) {
        State s = indexes.get(key);
        if (s == null) {
            return List.of();
        }
        synchronized (s) {
            List<String> out = List.copyOf(s.queryKeys);
            s.queryKeys = new LinkedHashSet<>();
            return out;
        }
    }
}
