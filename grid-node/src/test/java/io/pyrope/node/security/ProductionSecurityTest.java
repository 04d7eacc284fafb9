package io.pyrope.node.security;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.client.PyropeClient;
import io.pyrope.client.PyropeClientBuilder;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.VectorRecord;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.PyropeNode;
import io.pyrope.node.TestPorts;
import io.pyrope.node.TestTls;
import io.pyrope.node.config.ConfigException;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.config.Secrets;
import org.apache.ignite.IgniteException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static io.pyrope.node.NodeFixture.vector;
import static io.pyrope.node.NodeFixture.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two real nodes in one JVM on the production profile (config/pyrope-node-production.yaml): native
 * persistence, Ignite authentication, TLS between the nodes, on the thin-client port and on gRPC,
 * with stores made by keytool. Who gets in and who does not.
 */
class ProductionSecurityTest {
    private static final Path PRODUCTION = Path.of(System.getProperty("user.dir")).resolve("../config/pyrope-node-production.yaml");
    private static final String IGNITE_PASSWORD = "grid-password-0123";
    private static final TestPorts PORTS = TestPorts.slot(33);

    @TempDir
    static Path dir;
    private static TestTls tls;
    private static TestTls stranger;
    private static PyropeNode a;
    private static PyropeNode b;
    private static ManagedChannel toA;
    private static ManagedChannel toB;
    private static String tenantKey;

    @BeforeAll
    static void startTwoSecureNodes() throws SSLException {
        tls = TestTls.create(dir, "node");
        stranger = TestTls.create(dir, "stranger");
        a = start("sec-a", 0, IGNITE_PASSWORD);
        b = start("sec-b", 1, IGNITE_PASSWORD);
        toA = tlsChannel(a, tls);
        toB = tlsChannel(b, tls);
        tenantKey = withKey(AdminServiceGrpc.newBlockingStub(toA), NodeFixture.ADMIN_KEY)
                .createTenant(CreateTenantRequest.newBuilder().setId("secure").build()).getApiKey();
        withKey(IndexServiceGrpc.newBlockingStub(toA), tenantKey).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(IndexSpec.newBuilder().setName("docs").setDimension(3).setMetric(Metric.COSINE)).build());
        withKey(VectorServiceGrpc.newBlockingStub(toA), tenantKey).upsert(UpsertRequest.newBuilder().setIndex("docs")
                .addVectors(vector("x", 1, 0, 0)).addVectors(vector("y", 0, 1, 0)).build());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ManagedChannel c : new ManagedChannel[]{toA, toB}) {
            if (c != null) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static PyropeNode start(String name, int offset, String ignitePassword) {
        Map<String, String> env = NodeFixture.env(PORTS, name);
        env.put("PYROPE_PORT_OFFSET", Integer.toString(offset));
        // Persistence pre-allocates ~640 MB of WAL per node: keep it where JUnit deletes it.
        env.put("PYROPE_NODE_WORK_DIR", dir.resolve("work-" + name).toString());
        env.put("PYROPE_TLS_KEY_STORE", tls.keyStore().toString());
        env.put("PYROPE_TLS_TRUST_STORE", tls.trustStore().toString());
        env.put("PYROPE_TLS_KEY_STORE_PASSWORD", tls.keyStorePassword());
        env.put("PYROPE_TLS_TRUST_STORE_PASSWORD", tls.trustStorePassword());
        env.put("PYROPE_IGNITE_PASSWORD", ignitePassword);
        NodeConfig config = new ConfigLoader(env).load(Optional.of(PRODUCTION), OptionalInt.empty());
        return PyropeNode.start(config, new Secrets(Optional.of(NodeFixture.ADMIN_KEY), Optional.empty()), Clock.systemUTC());
    }

    /** A gRPC channel that trusts {@code trusted}'s certificate (as {@code grpcurl -cacert} would). */
    private static ManagedChannel tlsChannel(PyropeNode node, TestTls trusted) throws SSLException {
        return NettyChannelBuilder.forAddress("127.0.0.1", node.services().grpcPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(trusted.certificatePem().toFile()).build())
                .build();
    }

    private static PyropeClientBuilder sdk(PyropeNode node) {
        return PyropeClient.builder().addresses("127.0.0.1:" + node.config().thin().port()).apiKey(tenantKey)
                .connectTimeout(Duration.ofSeconds(3));
    }

    @Test
    void aTlsGrpcClientThatTrustsTheNodesCertificateIsServedByEitherNode() {
        List<SearchHit> hits = withKey(VectorServiceGrpc.newBlockingStub(toA), tenantKey).search(SearchRequest.newBuilder()
                .setIndex("docs").addQuery(1).addQuery(0.1f).addQuery(0).setTopK(1).build()).getHitsList();
        assertThat(hits).extracting(SearchHit::getId).containsExactly("x");
        // Node b answers with what was written through a: the grid's TLS discovery and communication work.
        // (Two once a node that another test starts and refuses has left.)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(withKey(AdminServiceGrpc.newBlockingStub(toB),
                tenantKey).clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesCount()).isEqualTo(2));
        assertThat(withKey(VectorServiceGrpc.newBlockingStub(toB), tenantKey).get(GetRequest.newBuilder().setIndex("docs")
                .addIds("y").build()).getVectorsList()).hasSize(1);
    }

    @Test
    void aPlaintextGrpcClientIsRefused() throws InterruptedException {
        assertRefused(ManagedChannelBuilder.forAddress("127.0.0.1", a.services().grpcPort()).usePlaintext().build());
    }

    @Test
    void aGrpcClientThatDoesNotTrustTheNodeIsRefused() throws Exception {
        assertRefused(tlsChannel(a, stranger));
    }

    private static void assertRefused(ManagedChannel channel) throws InterruptedException {
        try {
            assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void theSdkWithTheRightCredentialsOverTlsWorks() {
        try (PyropeClient client = sdk(b).credentials("ignite", IGNITE_PASSWORD)
                .tls(tls.trustStore(), "PKCS12", tls.trustStorePassword()).build()) {
            client.upsert("docs", List.of(new VectorRecord("z", new float[]{0, 0, 1}, Map.of())));
            assertThat(client.search("docs", SearchQuery.of(new float[]{0, 0.1f, 1}, 1)).hits())
                    .extracting(h -> h.id()).containsExactly("z");
        }
    }

    @Test
    void theSdkWithWrongOrDefaultCredentialsIsRefused() {
        for (String password : new String[]{"not-the-password", "ignite"}) {
            assertThatThrownBy(() -> sdk(a).credentials("ignite", password)
                    .tls(tls.trustStore(), "PKCS12", tls.trustStorePassword()).build().close())
                    .isInstanceOf(PyropeException.class)
                    .satisfies(e -> assertThat(((PyropeException) e).code()).as(password).isEqualTo(ErrorCode.UNAUTHENTICATED));
        }
        assertThatThrownBy(() -> sdk(a).tls(tls.trustStore(), "PKCS12", tls.trustStorePassword()).build().close())
                .as("no credentials").isInstanceOf(PyropeException.class)
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void theSdkWithoutTlsOrTrustingAnotherCertificateIsRefused() {
        assertThatThrownBy(() -> sdk(a).credentials("ignite", IGNITE_PASSWORD).build().close())
                .as("plaintext").isInstanceOf(PyropeException.class)
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> sdk(a).credentials("ignite", IGNITE_PASSWORD)
                .tls(stranger.trustStore(), "PKCS12", stranger.trustStorePassword()).build().close())
                .as("untrusted server").isInstanceOf(PyropeException.class)
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNodeWithoutTlsCannotJoinTheGrid() {
        // Ignite 2.x does not authenticate joining server nodes; mutual TLS on discovery keeps this one out.
        assertThatThrownBy(() -> PlainIgnite.start("sec-outsider", 5, PORTS, dir.resolve("outsider-work")).close())
                .isInstanceOf(IgniteException.class)
                .hasMessageContaining("Unable to establish secure connection");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(a.grid().ignite().cluster().forServers().nodes()).as("the secure grid").hasSize(2));
    }

    @Test
    void aNodeWithAnotherIgnitePasswordFailsToStartNamingTheVariable() {
        assertThatThrownBy(() -> start("sec-c", 2, "another-password-99").close())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("PYROPE_IGNITE_PASSWORD"))
                .hasMessageNotContaining("another-password-99");
    }
}
