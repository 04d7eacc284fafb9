package io.pyrope.sidecar.llm;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Queue limits and timeouts per priority, and the number of worker threads. */
public record DispatcherSettings(Map<Priority, Integer> queueLimits, Map<Priority, Duration> timeouts, int workers) {

    public DispatcherSettings {
        for (Priority p : Priority.values()) {
            if (!queueLimits.containsKey(p) || !timeouts.containsKey(p)) {
                throw new IllegalArgumentException("limit and timeout required for " + p);
            }
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
        queueLimits = Map.copyOf(new EnumMap<>(queueLimits));
        timeouts = Map.copyOf(new EnumMap<>(timeouts));
    }

    public static DispatcherSettings of(int high, int medium, int low, Duration highTimeout,
                                        Duration mediumTimeout, Duration lowTimeout, int workers) {
        return new DispatcherSettings(
                Map.of(Priority.HIGH, high, Priority.MEDIUM, medium, Priority.LOW, low),
                Map.of(Priority.HIGH, highTimeout, Priority.MEDIUM, mediumTimeout, Priority.LOW, lowTimeout),
                workers);
    }
}
