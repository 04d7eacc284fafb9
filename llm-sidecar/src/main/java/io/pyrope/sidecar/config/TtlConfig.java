package io.pyrope.sidecar.config;

import io.pyrope.sidecar.advice.TtlSettings;
import java.time.Duration;

/** YAML shape of {@link TtlSettings}. */
public record TtlConfig(long minSeconds, long maxSeconds, double heatReference) {

    public TtlSettings toSettings() {
        return new TtlSettings(Duration.ofSeconds(minSeconds), Duration.ofSeconds(maxSeconds), heatReference);
    }
}
