package io.pyrope.node;

import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.SystemDataRegionConfiguration;
import org.apache.ignite.configuration.ThinClientConfiguration;
import org.apache.ignite.failure.StopNodeFailureHandler;
import org.apache.ignite.logger.slf4j.Slf4jLogger;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

import java.nio.file.Path;
import java.util.List;

/** A small plain Ignite server node for tests of what grid-node builds on Ignite directly. */
public final class PlainIgnite {
    private PlainIgnite() {
    }

    /** @param index 0, 1, ... for the nodes of one cluster in this JVM (separate thin-client ports) */
    public static Ignite start(String name, int index, TestPorts ports, Path workDir) {
        TcpDiscoverySpi discovery = new TcpDiscoverySpi()
                .setIpFinder(new TcpDiscoveryVmIpFinder().setAddresses(List.of(ports.seeds())))
                .setLocalPort(ports.discovery())
                .setLocalPortRange(9);
        discovery.setLocalAddress("127.0.0.1");
        TcpCommunicationSpi communication = new TcpCommunicationSpi()
                .setLocalPort(ports.communication())
                .setLocalPortRange(9);
        DataStorageConfiguration storage = new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(new DataRegionConfiguration()
                        .setName("default").setInitialSize(32L << 20).setMaxSize(96L << 20))
                .setSystemDataRegionConfiguration(new SystemDataRegionConfiguration()
                        .setInitialSize(20L << 20).setMaxSize(40L << 20));
        IgniteConfiguration cfg = new IgniteConfiguration()
                .setIgniteInstanceName(name)
                .setWorkDirectory(workDir.toAbsolutePath().toString())
                .setLocalHost("127.0.0.1")
                .setDiscoverySpi(discovery)
                .setCommunicationSpi(communication)
                .setDataStorageConfiguration(storage)
                .setClientConnectorConfiguration(new ClientConnectorConfiguration()
                        .setPort(ports.thin() + index).setPortRange(0)
                        .setThinClientConfiguration(new ThinClientConfiguration().setMaxActiveComputeTasksPerConnection(16)))
                .setGridLogger(new Slf4jLogger())
                .setFailureHandler(new StopNodeFailureHandler())
                .setFailureDetectionTimeout(10_000)
                .setMetricsLogFrequency(0)
                .setPublicThreadPoolSize(4)
                .setSystemThreadPoolSize(4);
        return Ignition.start(cfg);
    }

    public static Path workDir(String name) {
        return Path.of(System.getProperty("pyrope.test.workdir", "target/test-work"), name + "-" + System.nanoTime());
    }
}
