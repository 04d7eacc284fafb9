package io.pyrope.sidecar.config;

import io.pyrope.sidecar.markov.MarkovSettings;
import java.time.Duration;

/** YAML shape of {@link MarkovSettings}; durations in seconds. */
public record MarkovConfig(long halfLifeSeconds, long sessionGapSeconds, int maxSessions, int maxIndexes,
                           int maxStatesPerIndex, int maxTargetsPerState, double minProbability, double minSupport,
                           int maxRulesPerState, double ttlGapMultiple, long minTtlSeconds, long maxTtlSeconds) {

    /** Validates by building the settings (which check their invariants). */
    public MarkovSettings toSettings() {
        return new MarkovSettings(Duration.ofSeconds(halfLifeSeconds), Duration.ofSeconds(sessionGapSeconds),
                maxSessions, maxIndexes, maxStatesPerIndex, maxTargetsPerState, minProbability, minSupport,
                maxRulesPerState, ttlGapMultiple, Duration.ofSeconds(minTtlSeconds), Duration.ofSeconds(maxTtlSeconds));
    }
}
