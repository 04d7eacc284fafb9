package io.pyrope.sidecar.advice;

import java.time.Duration;

/**
 * @param min           shortest TTL advised (hot clusters)
 * @param max           longest TTL advised (cold clusters)
 * @param heatReference writes per minute at which the heat term halves the TTL
 */
public record TtlSettings(Duration min, Duration max, double heatReference) {

    public TtlSettings {
        if (min.isNegative() || min.compareTo(max) > 0 || heatReference <= 0) {
            throw new IllegalArgumentException("need 0 <= min <= max and heatReference > 0");
        }
    }

    public static TtlSettings defaults() {
        return new TtlSettings(Duration.ofSeconds(30), Duration.ofHours(6), 10.0);
    }

    long clamp(double seconds) {
        return Math.max(min.toSeconds(), Math.min(max.toSeconds(), Math.round(seconds)));
    }
}
