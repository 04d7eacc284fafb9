package io.pyrope.compute;

import io.pyrope.bench.ClusteredVectors;
import io.pyrope.compute.centroid.RetrainPolicy;
import io.pyrope.compute.testing.TestGrids;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.engine.SegmentedShard;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IVF indexes on real Ignite nodes in one JVM: answers stay exact (every list probed) through
 * writes, replaces, deletes, a node joining and a retrain, and recall at the default nprobe.
 */
class IvfClusterIT {
    private static final TenantId T = new TenantId("acme");
    private static final String INDEX = "ivf";
    private static final int DIM = 32;
    private static final int LISTS = 32;

    private final ClusteredVectors gen = new ClusteredVectors(7, DIM, 40, 0.3f);
    private final Map<String, float[]> live = new LinkedHashMap<>();
    private long nextPoint;

    @Test
    void resultsStayExactThroughWritesDeletesAJoinAndARetrain() throws Exception {
        // The test drives training (no background checks racing it); a 10 % growth allows a retrain.
        GridOptions options = GridOptions.DEFAULTS.withCentroidCheckInterval(Duration.ZERO)
                .withCentroidPolicy(new RetrainPolicy(100, 1.1, Duration.ZERO, 5000));
        try (TestGrids cluster = new TestGrids(32, 1, options)) {
            List<PyropeGrid> nodes = new ArrayList<>(cluster.startNodes(2));
            VectorGrid grid = nodes.get(0).vectors();
            grid.createIndex(T, IndexSpec.ivf(INDEX, DIM, Metric.L2, LISTS, 4));
            assertThat(grid.describeIndex(T, INDEX).spec().nprobe()).isEqualTo(4);
            upsertNew(grid, 3000);

            // No centroids yet: every vector scanned exactly, no lists reported.
            SearchResult untrained = grid.search(T, INDEX, SearchQuery.of(gen.query(0), 10));
            assertThat(untrained.nprobeUsed()).isZero();
            assertThat(untrained.efUsed()).isZero();
            assertExactEverywhere(nodes, 10);

            train(nodes, 1);
            SearchResult byDefault = grid.search(T, INDEX, SearchQuery.of(gen.query(1), 10));
            assertThat(byDefault.nprobeUsed()).isEqualTo(4);
            assertThat(byDefault.efUsed()).isZero();
            assertThat(byDefault.distanceComputations()).as("centroids + 4 of 32 lists, not all 3000").isLessThan(3000);
            assertExactEverywhere(nodes, 10);

            // Writes: new entries, replaces (moving between lists), deletes.
            upsertNew(grid, 300);
            List<VectorRecord> replaced = new ArrayList<>();
            for (int i = 0; i < 600; i += 2) {
                float[] v = gen.base(1_000_000 + i);
                replaced.add(new VectorRecord("v" + i, v));
                live.put("v" + i, v);
            }
            grid.upsert(T, INDEX, replaced);
            List<String> gone = new ArrayList<>();
            for (int i = 1; i < 900; i += 3) {
                gone.add("v" + i);
                live.remove("v" + i);
            }
            grid.delete(T, INDEX, gone);
            assertExactEverywhere(nodes, 10);
            for (String id : gone.subList(0, 20)) {
                assertThat(ids(grid.search(T, INDEX, SearchQuery.of(gen.base(Long.parseLong(id.substring(1))), 5)
                        .withNprobe(LISTS)))).doesNotContain(id);
            }

            // A third node joins: partitions move, the new node's shard gets the centroids.
            PyropeGrid joined = cluster.startNode();
            nodes.add(joined);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                LocalShard s = joined.shards().get(new ShardKey(T, INDEX)).orElseThrow();
                assertThat(s.centroidVersion()).isEqualTo(1);
                assertThat(shardIdsMatchCache(nodes)).isTrue();
            });
            assertExactEverywhere(nodes, 10);

            // Retrain while searches run: they stay exact during the reassignment on every node.
            upsertNew(grid, 400);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger searched = new AtomicInteger();
            AtomicReference<AssertionError> failure = new AtomicReference<>();
            Thread searcher = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        assertExactEverywhere(nodes.subList(0, 1), 3);
                        searched.incrementAndGet();
                    } catch (AssertionError e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
            searcher.start();
            try {
                train(nodes, 2);
            } finally {
                stop.set(true);
                searcher.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            assertThat(searched.get()).isPositive();
            assertExactEverywhere(nodes, 10);
        }
    }

    @Test
    void recallAtLeast95AtTheDefaultNprobeOn10kBenchVectors() {
        ClusteredVectors bench = new ClusteredVectors(42, 128, 100, 0.25f);
        GridOptions options = GridOptions.DEFAULTS.withCentroidCheckInterval(Duration.ZERO);
        try (TestGrids cluster = new TestGrids(32, 1, options)) {
            List<PyropeGrid> nodes = cluster.startNodes(2);
            VectorGrid grid = nodes.get(1).vectors();
            grid.createIndex(T, IndexSpec.ivf(INDEX, 128, Metric.COSINE, 0, 0));
            float[][] base = new float[10_000][];
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < base.length; i++) {
                base[i] = bench.base(i);
                batch.add(new VectorRecord("v" + i, base[i]));
                if (batch.size() == 1000) {
                    grid.upsert(T, INDEX, batch);
                    batch = new ArrayList<>();
                }
            }
            nodes.forEach(n -> n.centroids().checkAll());
            nodes.forEach(n -> n.ivfCentroids().syncAll());
            awaitListsBuilt(nodes, 1);
            int found = 0;
            int queries = 200;
            for (int j = 0; j < queries; j++) {
                float[] q = bench.query(j);
                SearchResult r = grid.search(T, INDEX, SearchQuery.of(q, 10));
                assertThat(r.nprobeUsed()).isEqualTo(8);
                Set<String> got = new HashSet<>(ids(r));
                for (int i : exactTopK(base, q, 10)) {
                    found += got.contains("v" + i) ? 1 : 0;
                }
            }
            double recall = found / (10.0 * queries);
            System.out.printf("IVF recall@10 on 2 nodes, 10k x 128 bench vectors, 64 lists, nprobe 8: %.4f%n", recall);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
        }
    }

    private void upsertNew(VectorGrid grid, int n) {
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long p = nextPoint++;
            float[] v = gen.base(p);
            batch.add(new VectorRecord("v" + p, v));
            live.put("v" + p, v);
            if (batch.size() == 500) {
                grid.upsert(T, INDEX, batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            grid.upsert(T, INDEX, batch);
        }
    }

    /** Trains centroids version {@code version} on the oldest node and waits until every shard's lists use them. */
    private static void train(List<PyropeGrid> nodes, long version) throws InterruptedException {
        for (PyropeGrid n : nodes) {
            LocalShard s = n.shards().get(new ShardKey(T, INDEX)).orElseThrow();
            assertThat(s.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        }
        nodes.forEach(n -> n.centroids().checkAll());
        assertThat(nodes.get(0).vectors().describeIndex(T, INDEX).centroids().version()).isEqualTo(version);
        nodes.forEach(n -> n.ivfCentroids().syncAll());
        awaitListsBuilt(nodes, version);
    }

    private static void awaitListsBuilt(List<PyropeGrid> nodes, long version) {
        for (PyropeGrid n : nodes) {
            SegmentedShard s = (SegmentedShard) n.shards().get(new ShardKey(T, INDEX)).orElseThrow();
            assertThat(s.centroidVersion()).isEqualTo(version);
            await().atMost(Duration.ofSeconds(60)).until(() -> s.awaitQuiescent(Duration.ofSeconds(5)));
        }
    }

    /** From every node: probing every list gives the exact top-k of the live entries. */
    private void assertExactEverywhere(List<PyropeGrid> nodes, int queries) {
        Map<String, float[]> snapshot = new LinkedHashMap<>(live);
        List<String> idList = new ArrayList<>(snapshot.keySet());
        float[][] vectors = snapshot.values().toArray(new float[0][]);
        for (PyropeGrid node : nodes) {
            for (int j = 0; j < queries; j++) {
                float[] q = gen.query(j);
                SearchResult r = node.vectors().search(T, INDEX, SearchQuery.of(q, 10).withNprobe(LISTS));
                assertThat(r.partial()).isFalse();
                List<String> expected = new ArrayList<>();
                for (int i : exactTopK(vectors, q, 10)) {
                    expected.add(idList.get(i));
                }
                assertThat(ids(r)).as("query %d from %s", j, node.ignite().name()).isEqualTo(expected);
            }
        }
    }

    private static boolean shardIdsMatchCache(List<PyropeGrid> nodes) {
        long total = 0;
        for (PyropeGrid n : nodes) {
            total += n.shards().get(new ShardKey(T, INDEX)).map(s -> s.stats().liveVectors()).orElse(0L);
        }
        long count = nodes.get(0).vectors().describeIndex(T, INDEX).vectorCount();
        return total == 2 * count; // primary + one backup of each entry, each indexed once per holder
    }

    /** Exact top-k by L2 for the IT's L2 index, or by cosine for 128-d bench vectors. */
    private static int[] exactTopK(float[][] base, float[] q, int k) {
        boolean cosine = q.length == 128;
        Integer[] order = new Integer[base.length];
        double[] score = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            order[i] = i;
            double dot = 0;
            double nn = 0;
            double l2 = 0;
            for (int d = 0; d < q.length; d++) {
                dot += (double) q[d] * base[i][d];
                nn += (double) base[i][d] * base[i][d];
                double x = q[d] - base[i][d];
                l2 += x * x;
            }
            score[i] = cosine ? dot / Math.sqrt(nn) : -l2;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -score[i]));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static List<String> ids(SearchResult r) {
        return r.hits().stream().map(SearchHit::id).toList();
    }
}
