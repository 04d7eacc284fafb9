package io.pyrope.sidecar;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.Status;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.sidecar.advice.AliasAdvisor;
import io.pyrope.sidecar.advice.AliasRules;
import io.pyrope.sidecar.advice.TtlAdvisor;
import io.pyrope.sidecar.advice.TtlRules;
import io.pyrope.sidecar.config.SidecarConfig;
import io.pyrope.sidecar.embed.EmbeddingService;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.OfflineProvider;
import io.pyrope.sidecar.markov.MarkovModel;
import io.pyrope.sidecar.metrics.SidecarMetrics;
import io.pyrope.sidecar.time.Parker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running sidecar: Markov model, advisors, LLM layer, the gRPC server on loopback and the
 * metrics endpoint. Owns every thread it starts (handler pool, dispatcher workers, HTTP executors,
 * metrics endpoint) and stops them all in {@link #close()}, which is idempotent and bounded in time.
 * Every gRPC call is measured by Micrometer's {@link MetricCollectingServerInterceptor}
 * ({@code grpc.server.processing.duration} histogram by method and statusCode, and counters).
 */
public final class SidecarServer implements AutoCloseable {

    public static final String SERVICE_NAME = SidecarServiceGrpc.SERVICE_NAME;
    public static final String EMBEDDING_SERVICE_NAME = io.pyrope.internal.v1.EmbeddingServiceGrpc.SERVICE_NAME;
    private static final Logger LOG = LoggerFactory.getLogger(SidecarServer.class);

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ExecutorService handlers;
    private final LlmGateway gateway;
    private final MarkovModel markov;
    private final SidecarMetrics metrics;
    private final EmbeddingService embeddings;
    private final String metricsHost;
    private final int metricsPort;
    private final long graceMillis;
    private boolean closed;

    private SidecarServer(SidecarConfig config, Clock clock, Parker parker, Map<String, String> env) {
        this.markov = new MarkovModel(config.markov().toSettings(), clock);
        TtlRules ttlRules = new TtlRules(config.ttl().toSettings());
        AliasRules aliasRules = new AliasRules();
        OfflineProvider offline = new OfflineProvider(Map.of(
                TtlAdvisor.PURPOSE, ttlRules::answerJson, AliasAdvisor.PURPOSE, aliasRules::answerJson));
        this.gateway = LlmLayerFactory.create(config.llm(), offline, clock, parker, env);
        AtomicInteger n = new AtomicInteger();
        this.handlers = Executors.newFixedThreadPool(config.server().handlerThreads(), r -> {
            Thread t = new Thread(r, "sidecar-grpc-" + config.server().port() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.graceMillis = config.server().shutdownGraceMillis();
        TtlAdvisor ttlAdvisor = new TtlAdvisor(ttlRules, gateway);
        AliasAdvisor aliasAdvisor = new AliasAdvisor(aliasRules, gateway);
        SidecarGrpcService service = new SidecarGrpcService(markov, ttlAdvisor, aliasAdvisor, clock,
                config.server().maxAccessesPerCall(), Duration.ofMillis(config.llm().adviceWaitMillis()));
        this.metrics = SidecarMetrics.create(markov, ttlAdvisor, aliasAdvisor, gateway);
        this.metricsHost = config.metrics().host();
        this.metricsPort = config.metrics().port();
        MetricCollectingServerInterceptor callMetrics = new MetricCollectingServerInterceptor(metrics.registry(),
                counter -> counter, timer -> timer.publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30)),
                Status.Code.OK);
        callMetrics.preregisterService(service);
        this.embeddings = EmbeddingService.create(config.embedding(), env);
        EmbeddingGrpcService embedService = new EmbeddingGrpcService(embeddings.embedder(), embeddings.workers(),
                config.embedding().maxBatch(), config.embedding().maxTextChars());
        callMetrics.preregisterService(embedService);
        this.server = NettyServerBuilder
                .forAddress(new InetSocketAddress(config.server().host(), config.server().port()))
                .executor(handlers)
                .intercept(callMetrics)
                .addService(service)
                .addService(embedService)
                .addService(health.getHealthService())
                .maxInboundMessageSize(8 << 20)
                .build();
    }

    /** Builds and starts a sidecar; on failure nothing is left running. */
    public static SidecarServer start(SidecarConfig config, Clock clock, Parker parker, Map<String, String> env) {
        SidecarServer s = new SidecarServer(config, clock, parker, env);
        try {
            s.server.start();
        } catch (IOException e) {
            s.close();
            throw new UncheckedIOException("cannot bind " + config.server().host() + ":" + config.server().port(), e);
        }
        try {
            s.metrics.serve(s.metricsHost, s.metricsPort);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        s.health.setStatus("", ServingStatus.SERVING);
        s.health.setStatus(SERVICE_NAME, ServingStatus.SERVING);
        s.health.setStatus(EMBEDDING_SERVICE_NAME, ServingStatus.SERVING);
        LOG.info("pyrope-sidecar listening on {}:{} (llm mode {}, embedding model {}, metrics {})", config.server().host(),
                s.port(), config.llm().mode(), s.embeddings.embedder().modelId(),
                s.metrics.port().map(String::valueOf).orElse("off"));
        return s;
    }

    public int port() {
        return server.getPort();
    }

    /** The sidecar's meters; {@code metrics().port()} is the scrape endpoint's port, if on. */
    public SidecarMetrics metrics() {
        return metrics;
    }

    MarkovModel markov() {
        return markov;
    }

    /** The LLM layer, or null in offline mode. */
    LlmGateway gateway() {
        return gateway;
    }

    /**
     * Stops taking calls, then closes the LLM layer first so that advice calls waiting on it are
     * answered from rules at once; gives in-flight calls the grace period, cancels the rest and
     * stops the handler pool. Bounded: about grace + 2.5 s at worst.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        health.enterTerminalState();
        server.shutdown();
        if (gateway != null) {
            gateway.close();
        }
        try {
            if (!server.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        embeddings.close();
        metrics.close();
        LOG.info("pyrope-sidecar stopped");
    }
}
