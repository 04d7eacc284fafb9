package io.pyrope.node;

import io.grpc.ManagedChannel;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes as separate processes, started by the real entry point ({@code bin/pyrope node}
 * with different port offsets; only the classpath is given, so nothing is built), then a gRPC
 * client writes through node 1 and reads through node 2. Both processes get SIGTERM in teardown
 * (and are killed if they do not stop within 15 s).
 */
class TwoProcessClusterTest {
    private static final String KEY = "two-process-default-key-0123";
    private static final int DIM = 8;

    private final List<NodeProcess> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() throws Exception {
        for (NodeProcess p : processes) {
            p.close();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void writeThroughOneNodeReadThroughTheOther() throws Exception {
        TestPorts ports = TestPorts.slot(5);
        Path work = PlainIgnite.workDir("two-process");
        Files.createDirectories(work);
        NodeProcess node1 = launch(ports, work, 0, Map.of());
        NodeProcess node2 = launch(ports, work, 1, Map.of());
        node1.awaitStarted(Duration.ofSeconds(90));
        node2.awaitStarted(Duration.ofSeconds(90));

        ManagedChannel first = node1.channel();
        ManagedChannel second = node2.channel();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                NodeFixture.withKey(AdminServiceGrpc.newBlockingStub(first), KEY)
                        .clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesCount() == 2);

        NodeFixture.withKey(IndexServiceGrpc.newBlockingStub(first), KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(IndexSpec.newBuilder().setName("docs").setDimension(DIM).setMetric(Metric.COSINE)).build());
        Random random = new Random(7);
        UpsertRequest.Builder batch = UpsertRequest.newBuilder().setIndex("docs");
        float[][] data = new float[300][DIM];
        for (int i = 0; i < data.length; i++) {
            for (int d = 0; d < DIM; d++) {
                data[i][d] = random.nextFloat() - 0.5f;
            }
            batch.addVectors(NodeFixture.vector("v" + i, data[i]).toBuilder().putMetadata("n", Integer.toString(i)));
        }
        assertThat(NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(first), KEY).upsert(batch.build()).getUpserted())
                .isEqualTo(300);

        SearchRequest.Builder query = SearchRequest.newBuilder().setIndex("docs").setTopK(5).setIncludeMetadata(true);
        for (float f : data[42]) {
            query.addQuery(f);
        }
        SearchResponse viaFirst = NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(first), KEY).search(query.build());
        SearchResponse viaSecond = NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(second), KEY).search(query.build());
        assertThat(viaFirst.getHits(0).getId()).isEqualTo("v42");
        assertThat(viaSecond.getHitsList()).isEqualTo(viaFirst.getHitsList());
        assertThat(viaSecond.getShardsSearched()).isEqualTo(2);

        assertThat(NodeFixture.withKey(IndexServiceGrpc.newBlockingStub(second), KEY)
                .describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount()).isEqualTo(300);
        assertThat(NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(second), KEY)
                .get(GetRequest.newBuilder().setIndex("docs").addIds("v7").addIds("v299").build()).getVectorsList())
                .extracting(v -> v.getMetadataMap().get("n")).containsExactly("7", "299");
        ClusterInfoResponse info = NodeFixture.withKey(AdminServiceGrpc.newBlockingStub(second), KEY)
                .clusterInfo(ClusterInfoRequest.getDefaultInstance());
        assertThat(info.getNodesList()).extracting(n -> n.getGrpcAddress())
                .containsExactlyInAnyOrder("127.0.0.1:" + ports.grpc(), "127.0.0.1:" + (ports.grpc() + 1));

        // SIGTERM stops a node within a few seconds, gRPC first, then the grid.
        long t0 = System.nanoTime();
        assertThat(node2.stop(Duration.ofSeconds(15))).as("node 2 stopped after SIGTERM").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(node2.log()).contains("stopped in");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void invalidConfigurationStopsTheStartNamingKeyAndReason() throws Exception {
        TestPorts ports = TestPorts.slot(5);
        Path work = PlainIgnite.workDir("bad-config");
        Files.createDirectories(work);
        NodeProcess node = launch(ports, work, 0, Map.of("PYROPE_GRPC_PORT", "abc"));
        assertThat(node.process().waitFor(45, TimeUnit.SECONDS)).isTrue();
        assertThat(node.process().exitValue()).isEqualTo(2);
        assertThat(node.log()).contains("pyrope: invalid configuration: grpc.port: must be an integer, got 'abc'");
    }

    private NodeProcess launch(TestPorts ports, Path work, int offset, Map<String, String> extraEnv) throws IOException {
        NodeProcess p = NodeProcess.launch(ports, work, offset, KEY, extraEnv);
        processes.add(p);
        return p;
    }
}
