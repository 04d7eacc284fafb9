package io.pyrope.node.faults;

import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.NodeInfo;
import io.pyrope.api.v1.ShardInfo;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc.VectorServiceBlockingStub;
import io.pyrope.bench.ClusteredVectors;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.NodeProcess;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of a real cluster: three node processes started by {@code bin/pyrope node} (backups=1,
 * 32 partitions, 5 s failure detection), gRPC clients on loopback. The steps share the cluster
 * and run in order: {@code kill -9} of a node during a bulk ingest; a node added under search and
 * write load; {@code kill -9} of a node during a search load. Clients only talk to nodes 0 and 1,
 * which are never killed: the guarantees are about the data and the answers, not about a
 * connection to a dead process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterFaultsTest {
    private static final TestPorts PORTS = TestPorts.slot(24);
    private static final String KEY = "faults-default-key-0123456789";
    private static final int DIM = 16;
    private static final ClusteredVectors GEN = new ClusteredVectors(11, DIM, 24, 0.25f);
    private static final float[][] QUERIES = queries(60);
    private static final Duration START = Duration.ofSeconds(120);

    private static final Map<Integer, NodeProcess> nodes = new TreeMap<>();
    private static final AckedVectors docs = new AckedVectors("docs");
    private static Path work;

    @BeforeAll
    static void startCluster() throws Exception {
        work = PlainIgnite.workDir("faults");
        for (int offset = 0; offset < 3; offset++) {
            launch(offset);
        }
        for (NodeProcess n : nodes.values()) {
            n.awaitStarted(START);
        }
        awaitServers(3);
        indexes(0).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("docs").setDimension(DIM).setMetric(Metric.COSINE)).build());
        indexes(0).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("w").setDimension(DIM).setMetric(Metric.COSINE)).build());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (NodeProcess n : nodes.values()) {
            n.close();
        }
    }

    @Test
    @Order(1)
    void killNineDuringABulkIngestLosesNoAcknowledgedVector() throws Exception {
        int total = 4000;
        int batchSize = 50;
        AtomicInteger ackedAtKill = new AtomicInteger(-1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong slowestWrite = new AtomicLong();
        Thread ingest = new Thread(() -> {
            for (int from = 0; from < total; from += batchSize) {
                Map<String, float[]> batch = new LinkedHashMap<>();
                for (int i = from; i < from + batchSize; i++) {
                    batch.put("v" + i, GEN.base(i));
                }
                // A failed batch is retried until acknowledged: its failure is explicit, never a loss.
                for (int attempt = 1; ; attempt++) {
                    long t0 = System.nanoTime();
                    try {
                        vectors(0).upsert(AckedVectors.upsert("docs", batch));
                        slowestWrite.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        docs.acknowledged(batch);
                        // Paced, so that the kill lands mid-ingest with writes in flight.
                        LockSupport.parkNanos(10_000_000L);
                        break;
                    } catch (StatusRuntimeException e) {
                        failures.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                        if (attempt == 20) {
                            throw e;
                        }
                    }
                }
            }
        }, "ingest");
        ingest.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> docs.size() >= 1000);
        ackedAtKill.set(docs.size());
        nodes.get(2).kill();
        long killedAt = System.nanoTime();
        ingest.join(120_000);
        assertThat(ingest.isAlive()).isFalse();
        System.out.printf("ingest: %d acknowledged before kill -9, %d in all, %d failed attempts %s, done %d ms after the kill, "
                        + "slowest acknowledged write %d ms%n", ackedAtKill.get(), docs.size(), failures.size(), failures,
                (System.nanoTime() - killedAt) / 1_000_000, slowestWrite.get() / 1_000_000);
        assertThat(docs.size()).isEqualTo(total);
        assertThat(total - ackedAtKill.get()).as("vectors acknowledged after the kill").isGreaterThanOrEqualTo(1000);

        awaitServers(2);
        // Count (primary shards, cluster-wide) and content (cache reads) through both survivors.
        for (int n : new int[]{0, 1}) {
            assertThat(indexes(n).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount())
                    .isEqualTo(total);
            docs.assertAllPresent(vectors(n));
        }
        awaitShardInvariant(2);
        assertThat(docs.recall(vectors(1), QUERIES, SearchLoad.K, SearchLoad.EXHAUSTIVE_EF)).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void addingANodeUnderSearchAndWriteLoadFailsNoRequestAndKeepsEveryAnswer() throws Exception {
        double recallBefore = docs.recall(vectors(0), QUERIES, SearchLoad.K, 0);
        AckedVectors w = new AckedVectors("w");
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> writeErrors = new ConcurrentLinkedQueue<>();
        Thread writer = new Thread(() -> {
            for (int b = 0; writing.get(); b++) {
                Map<String, float[]> batch = new LinkedHashMap<>();
                for (int i = 0; i < 20; i++) {
                    batch.put("w" + (b * 20 + i), GEN.base(100_000 + b * 20L + i));
                }
                try {
                    vectors(1).upsert(AckedVectors.upsert("w", batch));
                    w.acknowledged(batch);
                    // ~500 vectors/s: a steady write load that leaves the 2-core CI box room to start the node.
                    LockSupport.parkNanos(40_000_000L);
                } catch (StatusRuntimeException e) {
                    writeErrors.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                }
            }
        }, "writer");
        writer.start();
        SearchLoad load = new SearchLoad(docs, QUERIES, List.of(() -> vectors(0), () -> vectors(1)));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 100 && w.size() >= 200);
            long t0 = System.nanoTime();
            launch(3).awaitStarted(START);
            awaitServers(3);
            // Rebalancing is over when the new node is primary for partitions (late affinity switch)
            // and every node's shards hold exactly two copies of everything, in both indexes.
            awaitShardInvariant(3);
            System.out.printf("node added and rebalanced in %d ms under load: %s, writes=%d%n",
                    (System.nanoTime() - t0) / 1_000_000, load.summary(), w.size());
            int after = load.answered();
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= after + 100);
        } finally {
            writing.set(false);
            writer.join(30_000);
            load.close();
        }
        System.out.println("add node: " + load.summary() + " write errors=" + writeErrors.size());
        assertThat(writeErrors).as("failed writes").isEmpty();
        assertThat(load.errors).as("failed searches").isEmpty();
        assertThat(load.wrong).as("complete answers that differ from the exact one").isEmpty();
        assertThat(load.partial.get()).as("partial answers").isZero();

        awaitShardInvariantFor(3, w);
        w.assertAllPresent(vectors(0));
        docs.assertAllPresent(vectors(0));
        assertThat(docs.recall(vectors(3), QUERIES, SearchLoad.K, SearchLoad.EXHAUSTIVE_EF)).isEqualTo(1.0);
        double recallAfter = docs.recall(vectors(0), QUERIES, SearchLoad.K, 0);
        System.out.printf("recall@10 at the default ef: %.4f before, %.4f after adding a node%n", recallBefore, recallAfter);
        assertThat(recallAfter).isCloseTo(recallBefore, org.assertj.core.data.Offset.offset(0.02));
    }

    @Test
    @Order(3)
    void killNineDuringASearchLoadGivesCompleteOrExplicitlyPartialAnswers() throws Exception {
        double recallBefore = docs.recall(vectors(0), QUERIES, SearchLoad.K, 0);
        SearchLoad load = new SearchLoad(docs, QUERIES, List.of(() -> vectors(0), () -> vectors(1)));
        int atKill;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 200);
            atKill = load.answered();
            nodes.get(3).kill();
            awaitServers(2);
            int after = load.answered();
            await().atMost(Duration.ofSeconds(60)).until(() -> load.answered() >= after + 200);
        } finally {
            load.close();
        }
        System.out.println("kill -9 under search load: " + load.summary() + " (" + atKill + " before the kill)");
        assertThat(load.wrong).as("complete answers that differ from the exact one (silently partial)").isEmpty();
        assertThat(load.errors).as("failed searches").isEmpty();
        assertThat(load.complete.get()).isGreaterThan(atKill);

        awaitShardInvariant(2);
        assertThat(indexes(1).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount())
                .isEqualTo(docs.size());
        docs.assertAllPresent(vectors(1));
        double recallAfter = docs.recall(vectors(0), QUERIES, SearchLoad.K, 0);
        System.out.printf("recall@10 at the default ef: %.4f before, %.4f after kill -9%n", recallBefore, recallAfter);
        assertThat(recallAfter).isCloseTo(recallBefore, org.assertj.core.data.Offset.offset(0.02));
    }

    // --- helpers ---

    private static NodeProcess launch(int offset) throws Exception {
        NodeProcess p = NodeProcess.launch(PORTS, work, offset, KEY, Map.of(
                "PYROPE_CLUSTER_BACKUPS", "1",
                "PYROPE_HEAP", "384m",
                "PYROPE_STORAGE_MEMORY_MB", "64"));
        nodes.put(offset, p);
        return p;
    }

    private static void awaitServers(int n) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> clusterInfo().getNodesCount() == n);
    }

    private static void awaitShardInvariant(int servers) {
        awaitShardInvariantFor(servers, docs);
    }

    /**
     * Shard invariant as far as the API shows it: {@code servers} nodes, each primary for some
     * partitions, every partition with one primary and one backup, and the shards of the index
     * holding exactly two copies of every acknowledged vector (one per owner).
     */
    private static void awaitShardInvariantFor(int servers, AckedVectors data) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            ClusterInfoResponse info = clusterInfo();
            assertThat(info.getNodesCount()).isEqualTo(servers);
            long primaries = 0;
            long backups = 0;
            long copies = 0;
            for (NodeInfo n : info.getNodesList()) {
                assertThat(n.getPrimaryPartitions()).as("primaries of " + n.getConsistentId()).isPositive();
                primaries += n.getPrimaryPartitions();
                backups += n.getBackupPartitions();
                copies += n.getShardsList().stream().filter(s -> s.getIndex().equals(data.index()))
                        .mapToLong(ShardInfo::getVectors).sum();
            }
            assertThat(primaries).isEqualTo(info.getPartitions());
            assertThat(backups).isEqualTo(info.getPartitions());
            assertThat(copies).as("shard entries of " + data.index()).isEqualTo(2L * data.size());
        });
    }

    private static ClusterInfoResponse clusterInfo() {
        return NodeFixture.withKey(AdminServiceGrpc.newBlockingStub(nodes.get(0).channel()), NodeFixture.ADMIN_KEY)
                .clusterInfo(ClusterInfoRequest.getDefaultInstance());
    }

    private static VectorServiceBlockingStub vectors(int node) {
        return NodeFixture.withKey(VectorServiceGrpc.newBlockingStub(nodes.get(node).channel()), KEY);
    }

    private static IndexServiceGrpc.IndexServiceBlockingStub indexes(int node) {
        return NodeFixture.withKey(IndexServiceGrpc.newBlockingStub(nodes.get(node).channel()), KEY);
    }

    private static float[][] queries(int n) {
        float[][] q = new float[n][];
        for (int j = 0; j < n; j++) {
            q[j] = GEN.query(j);
        }
        return q;
    }
}
