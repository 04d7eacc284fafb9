package io.pyrope.client;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.configuration.ThinClientConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real thin-client round trip (envelope, status, deadline, connection errors) on a plain Ignite node. */
class ThinClientTransportTest {
    private static final int BASE = Integer.getInteger("pyrope.test.portBase", 41000) + 60;
    private static final String THIN = "127.0.0.1:" + (BASE + 20);

    private static Ignite ignite;

    @BeforeAll
    static void startNode() {
        TcpDiscoveryVmIpFinder finder = new TcpDiscoveryVmIpFinder().setAddresses(List.of("127.0.0.1:" + BASE + ".." + (BASE + 2)));
        IgniteConfiguration cfg = new IgniteConfiguration()
                .setIgniteInstanceName("sdk-transport-test")
                .setLocalHost("127.0.0.1")
                .setWorkDirectory(Path.of(System.getProperty("pyrope.test.workdir", "target/test-work"), "thin-transport")
                        .toAbsolutePath().toString())
                .setDiscoverySpi(new TcpDiscoverySpi().setIpFinder(finder).setLocalPort(BASE).setLocalPortRange(3))
                .setCommunicationSpi(new TcpCommunicationSpi().setLocalPort(BASE + 10).setLocalPortRange(3))
                .setClientConnectorConfiguration(new ClientConnectorConfiguration().setPort(BASE + 20).setPortRange(1)
                        .setThinClientConfiguration(new ThinClientConfiguration().setMaxActiveComputeTasksPerConnection(16)))
                .setDataStorageConfiguration(new DataStorageConfiguration()
                        .setDefaultDataRegionConfiguration(new DataRegionConfiguration().setMaxSize(64L << 20))
                        .setSystemDataRegionConfiguration(new org.apache.ignite.configuration.SystemDataRegionConfiguration()
                                .setInitialSize(20L << 20).setMaxSize(20L << 20)));
        ignite = Ignition.start(cfg);
    }

    @AfterAll
    static void stopNode() {
        Ignition.stop(ignite.name(), true);
    }

    private static PyropeClient client(String key, Duration timeout) {
        return new ThinClientPyropeClient(ThinClientTransport.connect(List.of(THIN), Duration.ofSeconds(5), timeout,
                StandInEntryTask.class.getName()), key);
    }

    @Test
    void replyPayloadAndStatusTravelOverTheThinClient() {
        try (PyropeClient good = client("good", Duration.ofSeconds(10)); PyropeClient bad = client("bad", Duration.ofSeconds(10))) {
            assertThat(good.listIndexes()).isEmpty();
            assertThat(good.listIndexesAsync().join()).isEmpty();
            assertThatThrownBy(bad::listIndexes).isInstanceOfSatisfying(PyropeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.getMessage()).isEqualTo("bad key for pyrope.v1.IndexService/ListIndexes");
            });
        }
    }

    @Test
    void aCallPastItsDeadlineIsUnavailable() {
        try (PyropeClient slow = client("slow", Duration.ofMillis(500))) {
            assertThatThrownBy(slow::listIndexes)
                    .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void aMissingEntryTaskIsInternalWithTheServerMessage() {
        try (PyropeClient c = new ThinClientPyropeClient(ThinClientTransport.connect(List.of(THIN), Duration.ofSeconds(5),
                Duration.ofSeconds(10), "no.such.Task"), "k")) {
            assertThatThrownBy(c::listIndexes).isInstanceOfSatisfying(PyropeException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                assertThat(e.getMessage()).isNotBlank();
            });
        }
    }

    @Test
    void noServerIsUnavailableAtBuild() {
        int closedPort = BASE + 29;
        assertThatThrownBy(() -> PyropeClient.builder().addresses("127.0.0.1:" + closedPort).apiKey("k")
                .connectTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
