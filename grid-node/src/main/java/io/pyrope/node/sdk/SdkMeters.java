package io.pyrope.node.sdk;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Thin-client (Java SDK) calls as meters, shaped like the gRPC server's: the latency histogram
 * {@code pyrope.sdk.calls} by {@code service}, {@code method} and {@code statusCode}. Calls to an
 * unknown method are counted under method "unknown" (names from the wire never become tags).
 */
final class SdkMeters {
    private final MeterRegistry registry;

    SdkMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    /** @param fullMethod "pyrope.v1.VectorService/Search", or null when the method is unknown */
    void record(Timer.Sample sample, String fullMethod, int statusCode) {
        String service = "unknown";
        String method = "unknown";
        if (fullMethod != null) {
            int slash = fullMethod.indexOf('/');
            service = fullMethod.substring(0, slash);
            method = fullMethod.substring(slash + 1);
        }
        sample.stop(Timer.builder("pyrope.sdk.calls")
                .description("Java SDK (thin-client) calls by method and status")
                .tags("service", service, "method", method, "statusCode", Status.fromCodeValue(statusCode).getCode().name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }
}
