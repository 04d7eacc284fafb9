package io.pyrope.node.advice;

import io.pyrope.domain.TenantId;
import io.pyrope.node.sidecar.Advice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last prefetch rules pulled for each index, read on the search path: for a search in cluster
 * c, the clusters to warm (P(next | c) at least the threshold, at most {@code maxTargets}, most
 * probable first). Rules not refreshed for {@code maxAgeMs} (the sidecar is down) are not used.
 */
final class PrefetchRules {
    record Target(int cluster, double probability) {
    }

    private record RuleSet(long pulledAtMs, Map<Integer, List<Target>> byFrom) {
    }

    private final double threshold;
    private final int maxTargets;
    private final long maxAgeMs;
    private final Map<IndexKey, RuleSet> rules = new ConcurrentHashMap<>();

    PrefetchRules(double threshold, int maxTargets, long maxAgeMs) {
        this.threshold = threshold;
        this.maxTargets = maxTargets;
        this.maxAgeMs = maxAgeMs;
    }

    /** Replaces the index's rules with a freshly pulled set. */
    void replace(IndexKey key, List<Advice.Rule> pulled, long nowMs) {
        Map<Integer, List<Target>> byFrom = new HashMap<>();
        for (Advice.Rule r : pulled) {
            if (r.probability() >= threshold && r.from() != r.to() && r.from() >= 0 && r.to() >= 0) {
                byFrom.computeIfAbsent(r.from(), f -> new ArrayList<>()).add(new Target(r.to(), r.probability()));
            }
        }
        Map<Integer, List<Target>> capped = new HashMap<>();
        byFrom.forEach((from, targets) -> {
            targets.sort(Comparator.comparingDouble(Target::probability).reversed().thenComparingInt(Target::cluster));
            capped.put(from, List.copyOf(targets.subList(0, Math.min(maxTargets, targets.size()))));
        });
        rules.put(key, new RuleSet(nowMs, capped));
    }

    /** Search path: the clusters to warm after a search of {@code index} in {@code from}. */
    List<Target> targets(TenantId tenant, String index, int from, long nowMs) {
        RuleSet set = rules.get(new IndexKey(tenant, index));
        if (set == null || nowMs - set.pulledAtMs() > maxAgeMs) {
            return List.of();
        }
        return set.byFrom().getOrDefault(from, List.of());
    }

    /** Forgets the rules of indexes no longer searched. */
    void retainOnly(Set<IndexKey> active) {
        rules.keySet().retainAll(active);
    }

    int indexes() {
        return rules.size();
    }
}
