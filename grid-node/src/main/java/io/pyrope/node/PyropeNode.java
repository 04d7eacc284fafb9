package io.pyrope.node;

import io.pyrope.compute.PyropeGrid;
import io.pyrope.node.cache.ResultCaches;
import io.pyrope.node.config.ConfigException;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.config.Secrets;
import io.pyrope.node.metrics.NodeMetrics;
import io.pyrope.node.security.IgnitePassword;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running Pyrope node: the grid (Ignite server node with Pyrope's caches and compute),
 * {@link NodeMetrics} (meters and the Prometheus endpoint) and {@link ApiServices} (tenants, auth,
 * gRPC, thin-client entry). {@link #main} is the process
 * entry point used by {@code bin/pyrope node}.
 */
public final class PyropeNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PyropeNode.class);

    private final NodeConfig config;
    private final PyropeGrid grid;
    private final NodeMetrics metrics;
    private final ApiServices services;
    private final ResultCaches caches;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private PyropeNode(NodeConfig config, PyropeGrid grid, NodeMetrics metrics, ResultCaches caches, ApiServices services) {
        this.config = config;
        this.grid = grid;
        this.metrics = metrics;
        this.caches = caches;
        this.services = services;
    }

    /** Starts the grid, the metrics, then the services; logs one INFO line when the node is up. */
    public static PyropeNode start(NodeConfig config, Secrets secrets, Clock clock) {
        long t0 = System.nanoTime();
        PyropeGrid grid = PyropeGrid.start(GridSettingsMapper.toGridSettings(config),
                GridSettingsMapper.toGridOptions(config), GridSettingsMapper.toGridSecurity(config), clock);
        NodeMetrics metrics;
        try {
            config.security().ignitePassword().ifPresent(p -> IgnitePassword.ensure(grid.ignite(), p));
        } catch (RuntimeException e) {
            grid.close();
            throw e;
        }
        ResultCaches caches;
        ApiServices services;
        try {
            metrics = NodeMetrics.start(config, grid);
        } catch (RuntimeException e) {
            grid.close();
            throw e;
        }
        try {
            caches = ResultCaches.start(grid.ignite(), grid.vectors(), grid.catalog(), config.caches(), clock, metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            grid.close();
            throw e;
        }
        try {
            services = ApiServices.start(grid.ignite(), grid.vectors(), caches, config, secrets, clock, metrics.registry());
        } catch (RuntimeException e) {
            caches.close();
            metrics.close();
            grid.close();
            throw e;
        }
        LOG.info("node started in {} ms: name={} grpc={}:{} thin={} discovery={} communication={} metrics={} servers={} workDir={}"
                        + " tls={} authentication={}",
                (System.nanoTime() - t0) / 1_000_000, config.node().name(), config.node().host(), services.grpcPort(),
                config.thin().port(), config.discovery().port(), config.communication().port(),
                metrics.port().map(String::valueOf).orElse("off"),
                grid.ignite().cluster().forServers().nodes().size(), config.nodeWorkDir(), tlsSummary(config.tls()),
                config.security().authentication() ? "on" : "off");
        return new PyropeNode(config, grid, metrics, caches, services);
    }

    private static String tlsSummary(NodeConfig.Tls tls) {
        java.util.List<String> on = new java.util.ArrayList<>();
        if (tls.grid()) {
            on.add("grid");
        }
        if (tls.thinClient()) {
            on.add("thin");
        }
        if (tls.grpc()) {
            on.add("grpc");
        }
        return on.isEmpty() ? "off" : String.join("+", on);
    }

    public NodeConfig config() {
        return config;
    }

    public PyropeGrid grid() {
        return grid;
    }

    public ApiServices services() {
        return services;
    }

    public ResultCaches caches() {
        return caches;
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /** Stops gRPC (in-flight calls get up to 2 s), then the metrics endpoint, then the grid. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            services.stop(2_000);
        } finally {
            caches.close();
            metrics.close();
            grid.close();
            stopped.countDown();
            LOG.info("node {} stopped in {} ms", config.node().name(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public static void main(String[] args) throws InterruptedException {
        defaultProperty("IGNITE_QUIET", "false");
        defaultProperty("IGNITE_NO_ASCII", "true");
        defaultProperty("IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED", "true");
        defaultProperty("IGNITE_UPDATE_NOTIFIER", "false");
        defaultProperty("IGNITE_NO_SHUTDOWN_HOOK", "true");
        defaultProperty("java.net.preferIPv4Stack", "true");
        routeJavaUtilLogging();
        NodeConfig config;
        Secrets secrets;
        try {
            NodeArgs parsed = NodeArgs.parse(args);
            if (parsed.help()) {
                System.out.println(NodeArgs.USAGE);
                return;
            }
            config = new ConfigLoader(System.getenv()).load(parsed.config(), parsed.portOffset());
            secrets = Secrets.fromEnv(System.getenv());
        } catch (ConfigException e) {
            System.err.println("pyrope: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        PyropeNode node;
        try {
            node = start(config, secrets, Clock.systemUTC());
        } catch (ConfigException e) {
            LOG.error("node failed to start: invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            LOG.error("node failed to start: {}", e.toString(), e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "pyrope-shutdown"));
        node.awaitStopped();
    }

    /** gRPC and jvector log through java.util.logging: send it to slf4j/logback with everything else. */
    private static void routeJavaUtilLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    private static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
