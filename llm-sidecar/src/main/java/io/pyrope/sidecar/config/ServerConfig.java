package io.pyrope.sidecar.config;

/**
 * @param host               bind address; loopback by design (the node is the only client)
 * @param port               0 picks a free port
 * @param handlerThreads     gRPC handler pool size
 * @param maxAccessesPerCall larger ReportAccesses batches are refused
 * @param shutdownGraceMillis time given to in-flight calls on shutdown
 */
public record ServerConfig(String host, int port, int handlerThreads, int maxAccessesPerCall,
                           long shutdownGraceMillis) {

    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server.host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port out of range: " + port);
        }
        if (handlerThreads < 1 || maxAccessesPerCall < 1 || shutdownGraceMillis < 0) {
            throw new IllegalArgumentException("server.handlerThreads/maxAccessesPerCall must be >= 1");
        }
    }
}
