package io.pyrope.sidecar.config;

/**
 * @param port Prometheus scrape endpoint ({@code GET /metrics} on {@code server.host}); 0 = no
 *             endpoint (the meters are still kept)
 */
public record MetricsConfig(int port) {

    public MetricsConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics.port out of range: " + port);
        }
    }
}
