package io.pyrope.compute.ignite;

import io.pyrope.compute.GridSecurity;
import io.pyrope.compute.GridSettings;
import io.pyrope.shard.ignite.ShardSync;
import org.apache.ignite.IgniteSystemProperties;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataPageEvictionMode;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.configuration.ThinClientConfiguration;
import org.apache.ignite.events.Event;
import org.apache.ignite.failure.StopNodeOrHaltFailureHandler;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.ignite.logger.slf4j.Slf4jLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.eventstorage.NoopEventStorageSpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

import java.util.HashMap;
import java.util.Map;

/** Turns {@link GridSettings} into an {@link IgniteConfiguration} for a Pyrope server node. */
public final class IgniteConfigFactory {
    private static final long MB = 1024L * 1024L;

    private IgniteConfigFactory() {
    }

    public static IgniteConfiguration create(GridSettings s, ShardSync shardSync) {
        return create(s, shardSync, GridSecurity.NONE);
    }

    public static IgniteConfiguration create(GridSettings s, ShardSync shardSync, GridSecurity security) {
        IgniteConfiguration cfg = new IgniteConfiguration()
                .setIgniteInstanceName(s.instanceName())
                .setLocalHost(s.localHost())
                .setWorkDirectory(s.workDir().toAbsolutePath().toString())
                .setFailureDetectionTimeout(s.failureDetectionMs())
                .setClientFailureDetectionTimeout(Math.max(s.failureDetectionMs(), 10_000))
                .setMetricsLogFrequency(0)
                .setPeerClassLoadingEnabled(false)
                .setGridLogger(new Slf4jLogger())
                .setFailureHandler(new StopNodeOrHaltFailureHandler())
                .setUserAttributes(new HashMap<>(s.userAttributes()));
        if (s.consistentId() != null) {
            cfg.setConsistentId(s.consistentId());
        }

        // Small pools: this is a 2-core box and several nodes may share one JVM in tests.
        int cores = Runtime.getRuntime().availableProcessors();
        cfg.setPublicThreadPoolSize(Math.max(4, cores * 2))
                .setSystemThreadPoolSize(Math.max(4, cores * 2))
                .setQueryThreadPoolSize(2)
                .setServiceThreadPoolSize(2)
                .setAsyncCallbackPoolSize(2)
                .setManagementThreadPoolSize(2)
                .setDataStreamerThreadPoolSize(2)
                .setRebalanceThreadPoolSize(1)
                .setStripedPoolSize(Math.max(2, cores));

        TcpDiscoverySpi discovery = new TcpDiscoverySpi()
                .setLocalPort(s.discoveryPort())
                .setLocalPortRange(s.discoveryPortRange())
                .setIpFinder(new TcpDiscoveryVmIpFinder().setAddresses(s.discoveryAddresses()));
        cfg.setDiscoverySpi(discovery);

        TcpCommunicationSpi communication = new TcpCommunicationSpi();
        communication.setLocalPort(s.communicationPort());
        communication.setLocalPortRange(10);
        communication.setMessageQueueLimit(4096);
        cfg.setCommunicationSpi(communication);

        ClientConnectorConfiguration connector = new ClientConnectorConfiguration()
                .setHost(s.localHost())
                .setThinClientEnabled(s.thinClientPort() > 0)
                .setJdbcEnabled(false)
                .setOdbcEnabled(false)
                .setThinClientConfiguration(new ThinClientConfiguration().setMaxActiveComputeTasksPerConnection(64));
        if (s.thinClientPort() > 0) {
            connector.setPort(s.thinClientPort()).setPortRange(0);
        }
        cfg.setClientConnectorConfiguration(connector);
        IgniteSecurityConfig.apply(cfg, connector, security);
        // No REST/memcached connector: Pyrope's clients use gRPC or the thin client.
        cfg.setConnectorConfiguration(null);

        DataRegionConfiguration region = new DataRegionConfiguration()
                .setName("default")
                .setInitialSize(Math.min(s.dataRegionMb(), 64) * MB)
                .setMaxSize(s.dataRegionMb() * MB)
                .setPersistenceEnabled(s.persistence());
        // Caches of derived data (results, embeddings) live apart from the vectors: never
        // persisted, and evicted page by page when full instead of failing writes.
        long cacheRegionMb = Math.max(32, s.dataRegionMb() / 4);
        DataRegionConfiguration cacheRegion = new DataRegionConfiguration()
                .setName(CacheLayout.CACHE_REGION)
                .setInitialSize(Math.min(cacheRegionMb, 32) * MB)
                .setMaxSize(cacheRegionMb * MB)
                .setPersistenceEnabled(false)
                .setPageEvictionMode(DataPageEvictionMode.RANDOM_2_LRU)
                // Its fill and evictions are how an operator sees the caches' memory bound at work.
                .setMetricsEnabled(true);
        cfg.setDataStorageConfiguration(new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(region)
                .setDataRegionConfigurations(cacheRegion)
                .setSystemDataRegionConfiguration(new SystemDataRegionConfiguration()
                        .setInitialSize(20 * MB)
                        .setMaxSize(40 * MB)));

        cfg.setCacheConfiguration(CacheLayout.metadata(), CacheLayout.vectors(s.partitions(), s.backups()));

        cfg.setIncludeEventTypes(ShardSync.EVENT_TYPES);
        // Local listeners still get every event; nothing is kept for remote event queries (the
        // default memory storage would hold the last 10,000 events and cost every write).
        cfg.setEventStorageSpi(new NoopEventStorageSpi());
        Map<IgnitePredicate<? extends Event>, int[]> listeners = new HashMap<>();
        listeners.put(shardSync, ShardSync.EVENT_TYPES);
        cfg.setLocalEventListeners(listeners);
        return cfg;
    }

    /** Quiet defaults for Ignite's own system properties, unless the user set them. */
    public static void applyQuietDefaults() {
        // Not quiet mode: with the slf4j logger, quiet mode makes Ignite warn about every INFO line
        // it logs; verbosity is set by the logback level of org.apache.ignite (WARN) instead.
        setIfAbsent(IgniteSystemProperties.IGNITE_QUIET, "false");
        setIfAbsent(IgniteSystemProperties.IGNITE_NO_ASCII, "true");
        setIfAbsent(IgniteSystemProperties.IGNITE_PERFORMANCE_SUGGESTIONS_DISABLED, "true");
        setIfAbsent(IgniteSystemProperties.IGNITE_UPDATE_NOTIFIER, "false");
        setIfAbsent("java.net.preferIPv4Stack", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
