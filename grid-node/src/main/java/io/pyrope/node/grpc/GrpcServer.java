package io.pyrope.node.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.node.api.AdminApi;
import io.pyrope.node.api.IndexApi;
import io.pyrope.node.api.VectorApi;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.api.AliasApi;
import io.pyrope.node.llmcache.LlmCacheApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's gRPC server: the three Pyrope services behind {@link AuthInterceptor}, plus the
 * standard health service and server reflection (both without auth), in plaintext or TLS
 * ({@code tls.grpc}). Inbound messages are capped
 * at {@code maxInboundMessageMb} (see config/pyrope-node.yaml for why 64 MiB). Every call, health
 * and reflection included, is measured by Micrometer's {@link MetricCollectingServerInterceptor}
 * (outermost, so calls refused by auth are counted with their status):
 * {@code grpc.server.requests.received}, {@code grpc.server.responses.sent} and the latency histogram
 * {@code grpc.server.processing.duration}, tagged service, method, methodType and statusCode.
 */
public final class GrpcServer implements AutoCloseable {
    private static final List<String> SERVICES = List.of(IndexServiceGrpc.SERVICE_NAME,
            VectorServiceGrpc.SERVICE_NAME, AdminServiceGrpc.SERVICE_NAME, CacheServiceGrpc.SERVICE_NAME);

    private final Server server;
    private final HealthStatusManager health;

    private GrpcServer(Server server, HealthStatusManager health) {
        this.server = server;
        this.health = health;
    }

    /** @param tlsKeyStore present = TLS with this key store; plaintext clients are refused */
    public static GrpcServer start(String host, NodeConfig.Grpc config, Optional<NodeConfig.StoreFile> tlsKeyStore,
                                   Authenticator authenticator, IndexApi indexes, VectorApi vectors, AdminApi admin,
                                   LlmCacheApi llmCache, AliasApi aliases, MeterRegistry meters) {
        HealthStatusManager health = new HealthStatusManager();
        AuthInterceptor auth = new AuthInterceptor(authenticator);
        MetricCollectingServerInterceptor metrics = metricsInterceptor(meters);
        IndexGrpcService indexService = new IndexGrpcService(indexes);
        VectorGrpcService vectorService = new VectorGrpcService(vectors,
                new StreamLimits(config.maxStreamMessages(), config.maxStreamsPerTenant()));
        AdminGrpcService adminService = new AdminGrpcService(admin);
        CacheGrpcService cacheService = new CacheGrpcService(llmCache, aliases);
        // Series exist from the start (at 0) for every Pyrope RPC, so dashboards and rates see them.
        metrics.preregisterService(indexService);
        metrics.preregisterService(vectorService);
        metrics.preregisterService(adminService);
        metrics.preregisterService(cacheService);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, config.port()));
        tlsKeyStore.ifPresent(ks -> builder.sslContext(GrpcTls.serverContext(ks)));
        Server server = builder
                .maxInboundMessageSize(config.maxInboundMessageMb() * 1024 * 1024)
                .intercept(metrics)
                .addService(ServerInterceptors.intercept(StrictRequestParsing.wrap(indexService.bindService()), auth))
                .addService(ServerInterceptors.intercept(StrictRequestParsing.wrap(vectorService.bindService()), auth))
                .addService(ServerInterceptors.intercept(StrictRequestParsing.wrap(adminService.bindService()), auth))
                .addService(ServerInterceptors.intercept(StrictRequestParsing.wrap(cacheService.bindService()), auth))
                .addService(health.getHealthService())
                .addService((BindableService) ProtoReflectionServiceV1.newInstance())
                .build();
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC server on " + host + ":" + config.port() + ": " + e.getMessage(), e);
        }
        health.setStatus("", ServingStatus.SERVING);
        for (String s : SERVICES) {
            health.setStatus(s, ServingStatus.SERVING);
        }
        return new GrpcServer(server, health);
    }

    /** Latency histogram buckets from 100 µs to 30 s (the gRPC fixed cost here is ~0.2 ms). */
    private static MetricCollectingServerInterceptor metricsInterceptor(MeterRegistry meters) {
        return new MetricCollectingServerInterceptor(meters, counter -> counter,
                timer -> timer.publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofSeconds(30)),
                Status.Code.OK);
    }

    public int port() {
        return server.getPort();
    }

    /** Reports NOT_SERVING, lets in-flight calls finish for up to {@code graceMs}, then cancels the rest. */
    public void stop(long graceMs) {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(graceMs, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(2_000);
    }
}
