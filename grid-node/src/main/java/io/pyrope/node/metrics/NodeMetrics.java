package io.pyrope.node.metrics;

import io.pyrope.metrics.MetricsEndpoint;
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
import io.pyrope.compute.PyropeGrid;
import io.pyrope.node.config.NodeConfig;

import java.util.Optional;

/**
 * A node's meters and their scrape endpoint: one {@link PrometheusMeterRegistry} per node (several
 * nodes may share a JVM in tests, so nothing is global), JVM and process binders, the grid's and
 * the shards' meters, and {@code GET /metrics} on {@code metrics.port} (0 = no endpoint; the
 * meters are still recorded). The gRPC meters are added by the gRPC server, which gets
 * {@link #registry()}. {@link #close()} stops the endpoint and the binders.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc;
    private final GridMeters grid;
    private final ShardMeters shards;
    private final MetricsEndpoint endpoint;

    private NodeMetrics(PrometheusMeterRegistry registry, JvmGcMetrics gc, GridMeters grid, ShardMeters shards,
                        MetricsEndpoint endpoint) {
        this.registry = registry;
        this.gc = gc;
        this.grid = grid;
        this.shards = shards;
        this.endpoint = endpoint;
    }

    public static NodeMetrics start(NodeConfig config, PyropeGrid grid) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("node", config.node().name());
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        GridMeters gridMeters = new GridMeters(grid.ignite(), registry);
        ShardMeters shardMeters = new ShardMeters(grid.shards(), registry);
        MetricsEndpoint endpoint = null;
        if (config.metrics().port() != 0) {
            try {
                endpoint = MetricsEndpoint.start(config.node().host(), config.metrics().port(),
                        "pyrope-metrics-" + config.node().name(), () -> {
                            shardMeters.refresh();
                            return registry.scrape();
                        });
            } catch (RuntimeException e) {
                gridMeters.close();
                gc.close();
                registry.close();
                throw e;
            }
        }
        return new NodeMetrics(registry, gc, gridMeters, shardMeters, endpoint);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The port {@code /metrics} is served on, if the endpoint is on. */
    public Optional<Integer> port() {
        return Optional.ofNullable(endpoint).map(MetricsEndpoint::port);
    }

    /** The text a scrape would return now (for diagnostics and tests without HTTP). */
    public String scrape() {
        shards.refresh();
        return registry.scrape();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        grid.close();
        gc.close();
        registry.close();
    }
}
