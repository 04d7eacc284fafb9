package io.pyrope.sidecar.markov;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-order transition weights of one (tenant, index), with exponential decay. All weights of a
 * row share one decay factor, so each row stores its weights as of its last update and decays
 * them lazily; probabilities within a row are therefore unaffected by time, only by new
 * observations, while the row's support fades. Bounded in rows and in targets per row.
 * Thread-safe: every method holds the table's monitor, briefly.
 */
final class TransitionTable {

    private static final class Edge {
        double weight;
        double gapMs;
    }

    private static final class Row {
        double total;
        long lastMs;
        final Map<Integer, Edge> edges = new HashMap<>();
    }

    private final MarkovSettings settings;
    private final double halfLifeMs;
    private final LinkedHashMap<Integer, Row> rows;

    TransitionTable(MarkovSettings settings) {
        this.settings = settings;
        this.halfLifeMs = settings.halfLife().toMillis();
        int maxStates = settings.maxStatesPerIndex();
        this.rows = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Row> eldest) {
                return size() > maxStates;
            }
        };
    }

    synchronized void observe(int from, int to, long gapMs, long nowMs) {
        Row row = rows.computeIfAbsent(from, k -> new Row());
        double factor = decayFactor(row.lastMs, nowMs);
        if (factor < 1.0) {
            row.total *= factor;
            row.edges.values().forEach(e -> e.weight *= factor);
        }
        row.lastMs = nowMs;
        Edge edge = row.edges.computeIfAbsent(to, k -> new Edge());
        edge.gapMs = edge.weight == 0 ? gapMs : 0.8 * edge.gapMs + 0.2 * gapMs;
        edge.weight += 1;
        row.total += 1;
        if (row.edges.size() > settings.maxTargetsPerState()) {
            // Drop the lightest other target; its mass leaves the row so probabilities stay proper.
            row.edges.entrySet().stream()
                    .filter(e -> e.getKey() != to)
                    .min(Comparator.comparingDouble(e -> e.getValue().weight))
                    .ifPresent(e -> {
                        row.total -= e.getValue().weight;
                        row.edges.remove(e.getKey());
                    });
        }
    }

    /** Rules out of {@code from} (or of every row when null) that pass the thresholds. */
    synchronized List<PrefetchRule> rules(Integer from, long nowMs) {
        List<PrefetchRule> out = new ArrayList<>();
        if (from != null) {
            Row row = rows.get(from);
            if (row != null) {
                addRules(from, row, nowMs, out);
            }
        } else {
            rows.forEach((f, row) -> addRules(f, row, nowMs, out));
        }
        return out;
    }

    private void addRules(int from, Row row, long nowMs, List<PrefetchRule> out) {
        double support = row.total * decayFactor(row.lastMs, nowMs);
        if (support < settings.minSupport() || row.total <= 0) {
            return;
        }
        row.edges.entrySet().stream()
                .map(e -> new PrefetchRule(from, e.getKey(), e.getValue().weight / row.total, support,
                        ttlSeconds(e.getValue().gapMs)))
                .filter(r -> r.probability() >= settings.minProbability())
                .sorted(Comparator.comparingDouble(PrefetchRule::probability).reversed()
                        .thenComparingInt(PrefetchRule::to))
                .limit(settings.maxRulesPerState())
                .forEach(out::add);
    }

    /** Exact probability of from → to, regardless of thresholds (0 when unknown); for tests and stats. */
    synchronized double probability(int from, int to) {
        Row row = rows.get(from);
        if (row == null || row.total <= 0) {
            return 0;
        }
        Edge e = row.edges.get(to);
        return e == null ? 0 : e.weight / row.total;
    }

    synchronized double support(int from, long nowMs) {
        Row row = rows.get(from);
        return row == null ? 0 : row.total * decayFactor(row.lastMs, nowMs);
    }

    synchronized int states() {
        return rows.size();
    }

    synchronized int maxTargets() {
        return rows.values().stream().mapToInt(r -> r.edges.size()).max().orElse(0);
    }

    private long ttlSeconds(double gapMs) {
        long ttl = (long) Math.ceil(gapMs * settings.ttlGapMultiple() / 1000.0);
        return Math.max(settings.minTtl().toSeconds(), Math.min(settings.maxTtl().toSeconds(), ttl));
    }

    private double decayFactor(long thenMs, long nowMs) {
        long age = nowMs - thenMs;
        return age <= 0 ? 1.0 : Math.pow(0.5, age / halfLifeMs);
    }
}
