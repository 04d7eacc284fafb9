package io.pyrope.sidecar.config;

/**
 * @param host bind address of the scrape endpoint; loopback by default like the gRPC server, but
 *             separate so that a Prometheus on another host (or container) can reach it while the
 *             gRPC server stays on loopback
 * @param port Prometheus scrape endpoint ({@code GET /metrics}); 0 = no endpoint (the meters are
 *             still kept)
 */
public record MetricsConfig(String host, int port) {

    public MetricsConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("metrics.host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics.port out of range: " + port);
        }
    }
}
