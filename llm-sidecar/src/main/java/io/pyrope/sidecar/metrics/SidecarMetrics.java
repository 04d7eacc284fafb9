package io.pyrope.sidecar.metrics;

import io.pyrope.metrics.MetricsEndpoint;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.pyrope.sidecar.advice.AliasAdvisor;
import io.pyrope.sidecar.advice.TtlAdvisor;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.markov.MarkovModel;

import java.util.Optional;

/**
 * The sidecar's meters and their scrape endpoint ({@code GET /metrics} on {@code metrics.port},
 * 0 = none): JVM and process binders, the Markov model's size, malformed LLM advice, and, unless
 * the LLM layer is off (offline mode), its meters ({@link LlmMeters}). The gRPC server adds its
 * call meters to {@link #registry()}. {@link #close()} stops the endpoint and its thread.
 */
public final class SidecarMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private MetricsEndpoint endpoint;

    private SidecarMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
        this.registry = registry;
        this.gc = gc;
    }

    /** The registry with JVM, Markov, advice and LLM meters; no endpoint yet (see {@link #serve}). */
    public static SidecarMetrics create(MarkovModel markov, TtlAdvisor ttl, AliasAdvisor aliases, LlmGateway gateway) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Gauge.builder("pyrope.sidecar.markov.sessions", markov, MarkovModel::sessionCount)
                .description("Sessions the Markov model tracks").register(registry);
        Gauge.builder("pyrope.sidecar.markov.indexes", markov, MarkovModel::indexCount)
                .description("(tenant, index) pairs the Markov model tracks").register(registry);
        FunctionCounter.builder("pyrope.sidecar.advice.malformed", ttl, TtlAdvisor::malformedAnswers).tag("advice", "ttl")
                .description("LLM answers that could not be used (rules answered instead)").register(registry);
        FunctionCounter.builder("pyrope.sidecar.advice.malformed", aliases, AliasAdvisor::malformedAnswers)
                .tag("advice", "alias").description("LLM answers that could not be used (rules answered instead)")
                .register(registry);
        if (gateway != null) {
            LlmMeters.bind(gateway, registry);
        }
        return new SidecarMetrics(registry, gc);
    }

    /** Starts {@code GET /metrics} on {@code host:port}; port 0 = no endpoint. Call at most once. */
    public synchronized void serve(String host, int port) {
        if (port != 0 && endpoint == null) {
            endpoint = MetricsEndpoint.start(host, port, "sidecar-metrics-" + port, registry::scrape);
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public synchronized Optional<Integer> port() {
        return Optional.ofNullable(endpoint).map(MetricsEndpoint::port);
    }

    @Override
    public synchronized void close() {
        if (endpoint != null) {
            endpoint.close();
            endpoint = null;
        }
        gc.close();
        registry.close();
    }
}
