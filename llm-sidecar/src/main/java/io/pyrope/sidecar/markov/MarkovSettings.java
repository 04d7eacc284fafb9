package io.pyrope.sidecar.markov;

import java.time.Duration;

/**
 * Bounds and thresholds of the Markov model.
 *
 * @param halfLife          weight of an observed transition halves after this long
 * @param sessionGap        consecutive accesses further apart than this are not a transition
 * @param maxSessions       sessions remembered (least recently active evicted first)
 * @param maxIndexes        (tenant, index) models kept (least recently updated evicted first)
 * @param maxStatesPerIndex from-clusters kept per index (least recently updated evicted first)
 * @param maxTargetsPerState to-clusters kept per from-cluster (the lightest evicted first)
 * @param minProbability    rules need at least this P(to | from)
 * @param minSupport        rules need at least this decayed number of transitions out of from
 * @param maxRulesPerState  at most this many rules per from-cluster, most probable first
 * @param ttlGapMultiple    suggested TTL = this × the typical from → to gap, within [minTtl, maxTtl]
 */
public record MarkovSettings(Duration halfLife, Duration sessionGap, int maxSessions, int maxIndexes,
                             int maxStatesPerIndex, int maxTargetsPerState, double minProbability,
                             double minSupport, int maxRulesPerState, double ttlGapMultiple,
                             Duration minTtl, Duration maxTtl) {

    public MarkovSettings {
        if (halfLife.isZero() || halfLife.isNegative() || sessionGap.isNegative()) {
            throw new IllegalArgumentException("halfLife must be > 0 and sessionGap >= 0");
        }
        if (maxSessions < 1 || maxIndexes < 1 || maxStatesPerIndex < 1 || maxTargetsPerState < 1
                || maxRulesPerState < 1) {
            throw new IllegalArgumentException("bounds must be >= 1");
        }
        if (minProbability < 0 || minProbability > 1 || minSupport < 0) {
            throw new IllegalArgumentException("need 0 <= minProbability <= 1 and minSupport >= 0");
        }
        if (minTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("minTtl > maxTtl");
        }
    }

    public static MarkovSettings defaults() {
        return new MarkovSettings(Duration.ofHours(1), Duration.ofMinutes(30), 100_000, 1_000, 4_096, 32,
                0.2, 3.0, 4, 3.0, Duration.ofSeconds(30), Duration.ofMinutes(30));
    }
}
