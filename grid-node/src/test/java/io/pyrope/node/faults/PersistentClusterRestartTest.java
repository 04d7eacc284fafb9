package io.pyrope.node.faults;

import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc.VectorServiceBlockingStub;
import io.pyrope.bench.ClusteredVectors;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.NodeProcess;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The persistence profile, with real processes: three nodes started by {@code bin/pyrope node}
 * with {@code storage.persistence: true}, loaded, then all stopped (SIGTERM, together) and all
 * started again on the same work directories. Every vector (count and content), every delete
 * and both indexes are back, searches are complete and exact, writes work; the time from the
 * launch of the restart until the cluster answers a complete search is printed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PersistentClusterRestartTest {
    private static final TestPorts PORTS = TestPorts.slot(22);
    private static final String KEY = "persist-default-key-0123456789";
    private static final int DIM = 16;
    private static final int NODES = 3;
    private static final ClusteredVectors GEN = new ClusteredVectors(5, DIM, 16, 0.25f);

    private final List<NodeProcess> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (NodeProcess n : running) {
            n.close();
        }
    }

    @Test
    void aFullStopAndStartOfEveryNodeBringsEveryVectorAndIndexBack() throws Exception {
        Path work = PlainIgnite.workDir("persist-cluster");
        startAll(work);
        // Baseline auto-adjust takes every node into the baseline (it then holds partitions).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var info = NodeFixture.withKey(AdminServiceGrpc.newBlockingStub(running.get(0).channel()), NodeFixture.ADMIN_KEY)
                    .clusterInfo(ClusterInfoRequest.getDefaultInstance());
            assertThat(info.getNodesList()).as(info.toString()).hasSize(NODES).allMatch(n -> n.getPrimaryPartitions() > 0);
        });
        indexes().createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("docs").setDimension(DIM).setMetric(Metric.COSINE)).build());
        indexes().createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("other").setDimension(4).setMetric(Metric.L2)).build());
        AckedVectors docs = new AckedVectors("docs");
        for (int from = 0; from < 2000; from += 500) {
            Map<String, float[]> batch = new LinkedHashMap<>();
            for (int i = from; i < from + 500; i++) {
                batch.put("v" + i, GEN.base(i));
            }
            vectors(0).upsert(AckedVectors.upsert("docs", batch));
            docs.acknowledged(batch);
        }
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < 2000; i += 20) {
            deleted.add("v" + i);
        }
        vectors(1).delete(DeleteRequest.newBuilder().setIndex("docs").addAllIds(deleted).build());
        docs.forgot(deleted);
        vectors(2).upsert(AckedVectors.upsert("other", Map.of("o1", new float[]{1, 2, 3, 4})));
        float[][] queries = new float[40][];
        for (int j = 0; j < queries.length; j++) {
            queries[j] = GEN.query(j);
        }
        double recallBefore = docs.recall(vectors(0), queries, SearchLoad.K, 0);
        assertThat(docs.recall(vectors(0), queries, SearchLoad.K, SearchLoad.EXHAUSTIVE_EF)).isEqualTo(1.0);

        // Stop every node at once (as an operator stopping the whole cluster would), then start all again.
        for (NodeProcess n : running) {
            n.process().destroy();
        }
        for (NodeProcess n : running) {
            assertThat(n.stop(Duration.ofSeconds(30))).as("stopped after SIGTERM").isTrue();
            n.close();
        }
        running.clear();
        long t0 = System.nanoTime();
        startAll(work);
        long started = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            SearchResponse r = vectors(0).search(docs.search(queries[0], SearchLoad.K, 0));
            return !r.getPartial() && r.getHitsCount() == SearchLoad.K;
        });
        long ready = System.nanoTime();
        System.out.printf("full restart of %d persistent nodes (%d vectors): all started %d ms after launch, "
                        + "first complete search at %d ms; per node: %s%n", NODES, docs.size(),
                (started - t0) / 1_000_000, (ready - t0) / 1_000_000,
                running.stream().map(n -> n.timeToStarted().toMillis() + " ms").toList());

        for (int n = 0; n < NODES; n++) {
            assertThat(indexes(n).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount())
                    .isEqualTo(docs.size());
        }
        docs.assertAllPresent(vectors(1));
        assertThat(vectors(2).get(GetRequest.newBuilder().setIndex("docs").addAllIds(deleted).build()).getVectorsCount())
                .as("deleted vectors stay deleted").isZero();
        assertThat(indexes(2).describeIndex(DescribeIndexRequest.newBuilder().setName("other").build()).getVectorCount())
                .isEqualTo(1);
        assertThat(docs.recall(vectors(2), queries, SearchLoad.K, SearchLoad.EXHAUSTIVE_EF)).isEqualTo(1.0);
        double recallAfter = docs.recall(vectors(0), queries, SearchLoad.K, 0);
        System.out.printf("recall@10 at the default ef: %.4f before, %.4f after the restart%n", recallBefore, recallAfter);
        assertThat(recallAfter).isCloseTo(recallBefore, org.assertj.core.data.Offset.offset(0.02));

        Map<String, float[]> more = Map.of("after-restart", GEN.base(99_999));
        vectors(1).upsert(AckedVectors.upsert("docs", more));
        docs.acknowledged(more);
        assertThat(indexes(0).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount())
                .isEqualTo(docs.size());
    }

    /** Launches every node at once (a restarting node waits for the others), then waits for all. */
    private void startAll(Path work) throws Exception {
        for (int offset = 0; offset < NODES; offset++) {
            running.add(NodeProcess.launch(PORTS, work, offset, KEY, Map.of(
                    "PYROPE_STORAGE_PERSISTENCE", "true",
                    "PYROPE_HEAP", "384m",
                    "PYROPE_STORAGE_MEMORY_MB", "64")));
        }
        for (NodeProcess n : running) {
            n.awaitStarted(Duration.ofSeconds(150));
        }
    }

    private VectorServiceBlockingStub vectors(int node) {
        return NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(running.get(node).channel()), KEY);
    }

    private IndexServiceGrpc.IndexServiceBlockingStub indexes() {
        return indexes(0);
    }

    private IndexServiceGrpc.IndexServiceBlockingStub indexes(int node) {
        return NodeFixture.withKey(IndexServiceGrpc.newBlockingStub(running.get(node).channel()), KEY);
    }
}
