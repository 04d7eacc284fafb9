package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.centroid.CentroidTrainer;
import io.pyrope.shard.centroid.Centroids;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The IVF lists of one shard: assignment, replace, delete, retrain, filters, partitions, work and recall. */
class IvfShardTest {
    private static final int DIM = 16;
    private static final int PARTS = 8;
    private static final PartitionSet ALL = PartitionSet.all(PARTS);
    /** Indexing at once and never the exact plan, so that every search goes through the lists. */
    private static final ShardEngineConfig CONFIG = new ShardEngineConfig(128, 32, 4, 4, 0.25, 0.0, 0, 1, 0, 32);
    /** Larger than any k here: the search probes every list, which must equal the exact answer. */
    private static final int ALL_LISTS = 10_000;

    private final ShardRegistry registry = new ShardRegistry(CONFIG, "ivf");
    private final VectorData gen = new VectorData(20, DIM, 0.3f, 11);
    private final Map<String, float[]> live = new LinkedHashMap<>();
    private final Map<String, Integer> partitionOf = new LinkedHashMap<>();

    @AfterEach
    void close() {
        registry.close();
    }

    private SegmentedShard shard(Metric metric) {
        return (SegmentedShard) registry.getOrCreate(new ShardKey(new TenantId("t"), "ivf-" + metric),
                IndexSpec.ivf("ivf-" + metric, DIM, metric, 16, 4));
    }

    private void load(SegmentedShard shard, int n) {
        for (int i = 0; i < n; i++) {
            put(shard, "v" + i, gen.next(), i % PARTS);
        }
    }

    private void put(SegmentedShard shard, String id, float[] v, int partition) {
        shard.upsert(id, partition, VectorData.copy(v), Map.of("parity", Math.floorMod(id.hashCode(), 2) == 0 ? "even" : "odd"));
        live.put(id, v);
        partitionOf.put(id, partition);
    }

    /** A shard of {@code n} entries with lists on version-1 centroids trained on a sample of them. */
    private SegmentedShard trained(Metric metric, int n, int sample, int lists) throws InterruptedException {
        SegmentedShard shard = shard(metric);
        load(shard, n);
        assertThat(shard.useCentroids(train(shard.sample(sample, 1), lists, metric, 1))).isTrue();
        settle(shard);
        return shard;
    }

    private static Centroids train(List<float[]> sample, int k, Metric metric, long version) {
        return new CentroidTrainer().train(sample, k, metric, version);
    }

    private static void settle(SegmentedShard shard) throws InterruptedException {
        assertThat(shard.awaitQuiescent(Duration.ofSeconds(60))).isTrue();
    }

    private static ShardQuery query(float[] q, int k, int nprobe) {
        return new ShardQuery(q, k, 0, ALL, null, true, false, nprobe);
    }

    /** The exact top-k ids among the live entries that {@code admit} lets through. */
    private List<String> exact(Metric metric, float[] q, int k, java.util.function.Predicate<String> admit) {
        List<String> ids = new ArrayList<>();
        List<float[]> vs = new ArrayList<>();
        live.forEach((id, v) -> {
            if (admit.test(id)) {
                ids.add(id);
                vs.add(v);
            }
        });
        List<String> out = new ArrayList<>();
        for (int i : VectorData.topK(metric, vs, q, k)) {
            out.add(ids.get(i));
        }
        return out;
    }

    private static List<String> ids(ShardSearchResult r) {
        return r.hits().stream().map(ShardHit::id).toList();
    }

    /**
     * Every indexed block has lists (and no graph) on {@code version}; each live ordinal is in
     * exactly one list, the one of its nearest centroid; every live id points at such a slot or at
     * the head.
     */
    private void assertListsConsistent(SegmentedShard shard, long version) {
        ShardState state = shard.state();
        for (Block b : state.blocks()) {
            assertThat(b.graph()).as("no graph for IVF").isNull();
            if (!b.indexed()) {
                continue;
            }
            IvfLists lists = b.lists();
            assertThat(lists.centroids().version()).isEqualTo(version);
            int[] seen = new int[b.count()];
            for (int c = 0; c < lists.listCount(); c++) {
                for (int ord : lists.list(c)) {
                    seen[ord]++;
                    assertThat(lists.centroids().assign(b.vectors[ord])).isEqualTo(c);
                }
            }
            for (int ord = 0; ord < b.count(); ord++) {
                if (!b.isDead(ord)) {
                    assertThat(seen[ord]).as("live ordinal %d of %s in exactly one list", ord, b).isEqualTo(1);
                }
            }
        }
        assertThat(shard.ids()).isEqualTo(live.keySet());
        for (String id : live.keySet()) {
            Loc loc = shard.location(id);
            assertThat(loc.block().isDead(loc.ord())).isFalse();
            assertThat(loc.block().raw[loc.ord()]).isEqualTo(live.get(id));
        }
    }

    @Test
    void scansExactlyUntilTheFirstCentroidsAndBuildsNoGraph() throws InterruptedException {
        SegmentedShard shard = shard(Metric.L2);
        load(shard, 600);
        assertThat(shard.awaitIndexed(Duration.ofSeconds(10))).as("nothing to wait for without centroids").isTrue();
        assertThat(shard.centroidVersion()).isZero();
        assertThat(shard.stats().segments()).isZero();
        float[] q = gen.next();
        ShardSearchResult r = shard.search(query(q, 10, 1));
        assertThat(ids(r)).isEqualTo(exact(Metric.L2, q, 10, id -> true));
        assertThat(r.nprobeUsed()).isZero();
        assertThat(r.distanceComputations()).isEqualTo(600);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void assignsEveryEntryToItsNearestCentroidsList(Metric metric) throws InterruptedException {
        SegmentedShard shard = trained(metric, 1000, 500, 16);
        assertThat(shard.centroidVersion()).isEqualTo(1);
        assertThat(shard.stats().segments()).isPositive();
        assertListsConsistent(shard, 1);
        for (int i = 0; i < 20; i++) {
            float[] q = gen.next();
            assertThat(ids(shard.search(query(q, 10, ALL_LISTS)))).as("every list probed = exact")
                    .isEqualTo(exact(metric, q, 10, id -> true));
            ShardSearchResult few = shard.search(query(q, 10, 2));
            assertThat(few.nprobeUsed()).isEqualTo(2);
            assertThat(few.distanceComputations()).isLessThan(1000);
        }
    }

    @Test
    void workIsCentroidComparisonsPlusVectorsScanned() throws InterruptedException {
        SegmentedShard shard = trained(Metric.COSINE, 1000, 500, 16);
        float[] q = gen.next();
        long expected = 0;
        Set<IvfCentroids> ranked = new HashSet<>();
        PreparedQuery pq = new PreparedQuery(q, shard.space());
        for (Block b : shard.state().blocks()) {
            if (!b.indexed()) {
                expected += b.liveCount();
                continue;
            }
            if (ranked.add(b.lists().centroids())) {
                expected += b.lists().centroids().k();
            }
            int[] order = b.lists().centroids().rank(pq.vector());
            for (int i = 0; i < 3; i++) {
                for (int ord : b.lists().list(order[i])) {
                    expected += b.isDead(ord) ? 0 : 1;
                }
            }
        }
        ShardSearchResult r = shard.search(query(q, 10, 3));
        assertThat(r.distanceComputations()).isEqualTo(expected);
        assertThat(r.efUsed()).isZero();
        assertThat(r.nprobeUsed()).isEqualTo(3);
    }

    @Test
    void replaceMovesAnIdBetweenListsAndDeleteRemovesIt() throws InterruptedException {
        SegmentedShard shard = shard(Metric.L2);
        load(shard, 1000);
        Centroids c = train(shard.sample(1000, 1), 16, Metric.L2, 1);
        shard.useCentroids(c);
        int a = 0;
        int b = farthestFrom(c, a);
        put(shard, "mover", c.centroid(a), 3);
        settle(shard);
        assertThat(ids(shard.search(query(c.centroid(a), 1, 1)))).containsExactly("mover");

        put(shard, "mover", c.centroid(b), 5);
        settle(shard);
        assertListsConsistent(shard, 1);
        assertThat(ids(shard.search(query(c.centroid(b), 1, 1)))).containsExactly("mover");
        assertThat(ids(shard.search(query(c.centroid(a), 10, 1)))).doesNotContain("mover");
        assertThat(shard.ids(3)).doesNotContain("mover");
        assertThat(shard.ids(5)).contains("mover");

        assertThat(shard.delete("mover")).isTrue();
        live.remove("mover");
        assertThat(ids(shard.search(query(c.centroid(b), 10, ALL_LISTS)))).doesNotContain("mover");
        assertListsConsistent(shard, 1);
    }

    @Test
    void retrainReassignsEveryEntryWhileSearchesStayExact() throws InterruptedException {
        SegmentedShard shard = trained(Metric.COSINE, 1500, 500, 8);
        assertListsConsistent(shard, 1);

        List<float[]> queries = new ArrayList<>(gen.next(5));
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicInteger checked = new AtomicInteger();
        // Between building a block's new lists and publishing them, blocks sit on both versions.
        shard.beforePublish(() -> {
            for (float[] q : queries) {
                List<String> got = ids(shard.search(query(q, 10, ALL_LISTS)));
                if (!got.equals(exact(Metric.COSINE, q, 10, id -> true))) {
                    failures.add("mid-retrain search differs: " + got);
                }
                checked.incrementAndGet();
            }
        });
        assertThat(shard.useCentroids(train(shard.sample(1500, 2), 16, Metric.COSINE, 2))).isTrue();
        settle(shard);
        shard.beforePublish(() -> { });
        assertThat(checked.get()).as("searches ran mid-retrain").isPositive();
        assertThat(failures).isEmpty();
        assertListsConsistent(shard, 2);
        assertThat(shard.useCentroids(train(shard.sample(100, 3), 4, Metric.COSINE, 1))).as("older version").isFalse();
        assertThat(shard.centroidVersion()).isEqualTo(2);
    }

    @Test
    void writesDuringRepeatedRetrainsLeaveEveryEntryInItsCurrentList() throws Exception {
        SegmentedShard shard = trained(Metric.L2, 1000, 500, 8);
        Thread trainer = new Thread(() -> {
            for (int v = 2; v <= 6; v++) {
                shard.useCentroids(train(shard.sample(800, v), 8 + v, Metric.L2, v));
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        });
        trainer.start();
        // Inserts, replaces (new vector, other partition) and deletes while the lists move.
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 3000; i++) {
            int op = rnd.nextInt(3);
            String id = "v" + rnd.nextInt(1500);
            if (op == 2 && live.containsKey(id)) {
                assertThat(shard.delete(id)).isTrue();
                live.remove(id);
                partitionOf.remove(id);
            } else {
                put(shard, id, gen.next(), rnd.nextInt(PARTS));
            }
        }
        trainer.join();
        settle(shard);
        assertThat(shard.centroidVersion()).isEqualTo(6);
        assertListsConsistent(shard, 6);
        for (int i = 0; i < 10; i++) {
            float[] q = gen.next();
            assertThat(ids(shard.search(query(q, 10, ALL_LISTS)))).isEqualTo(exact(Metric.L2, q, 10, id -> true));
        }
    }

    @Test
    void honoursFiltersPartitionsAndPartitionRemoval() throws InterruptedException {
        SegmentedShard shard = trained(Metric.DOT_PRODUCT, 1200, 600, 16);
        PartitionSet some = PartitionSet.of(1, 2);
        MetadataFilter even = new MetadataFilter(Map.of("parity", "even"));
        java.util.function.Predicate<String> admitted = id -> some.contains(partitionOf.get(id))
                && shard.location(id).metadata().get("parity").equals("even");
        for (int i = 0; i < 10; i++) {
            float[] q = gen.next();
            ShardQuery full = new ShardQuery(q, 10, 0, some, even, true, false, ALL_LISTS);
            assertThat(ids(shard.search(full))).isEqualTo(exact(Metric.DOT_PRODUCT, q, 10, admitted));
            ShardQuery few = new ShardQuery(q, 10, 0, some, even, true, false, 2);
            for (ShardHit h : shard.search(few).hits()) {
                assertThat(admitted.test(h.id())).isTrue();
            }
        }
        int removed = shard.removePartition(1);
        assertThat(removed).isPositive();
        live.keySet().removeIf(id -> partitionOf.get(id) == 1);
        for (int i = 0; i < 10; i++) {
            float[] q = gen.next();
            assertThat(ids(shard.search(query(q, 10, ALL_LISTS)))).isEqualTo(exact(Metric.DOT_PRODUCT, q, 10, id -> true));
        }
        settle(shard);
        assertListsConsistent(shard, 1);
    }

    @Test
    void recallAtLeast95AtNprobe8On10kClusteredVectors() throws InterruptedException {
        VectorData data = new VectorData(100, 128, 0.4f, 42);
        List<float[]> base = data.next(10_000);
        try (ShardRegistry defaults = new ShardRegistry(ShardEngineConfig.DEFAULTS, "ivf-recall")) {
            SegmentedShard shard = (SegmentedShard) defaults.getOrCreate(new ShardKey(new TenantId("t"), "r"),
                    IndexSpec.ivf("r", 128, Metric.COSINE, 64, 0));
            for (int i = 0; i < base.size(); i++) {
                shard.upsert("v" + i, i % 64, VectorData.copy(base.get(i)), Map.of());
            }
            shard.useCentroids(train(shard.sample(5_000, 1), 64, Metric.COSINE, 1));
            settle(shard);
            int found = 0;
            List<float[]> queries = data.next(200);
            for (float[] q : queries) {
                ShardSearchResult r = shard.search(new ShardQuery(q, 10, 0, PartitionSet.all(64), null, false, false, 0));
                assertThat(r.nprobeUsed()).isEqualTo(8);
                Set<String> got = new HashSet<>(ids(r));
                for (int i : VectorData.topK(Metric.COSINE, base, q, 10)) {
                    found += got.contains("v" + i) ? 1 : 0;
                }
            }
            double recall = found / (10.0 * queries.size());
            System.out.printf("IVF recall@10 at nprobe 8 of 64 lists, 10k x 128 clustered: %.3f%n", recall);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
        }
    }

    /**
     * DOT_PRODUCT on vectors of unequal norms, as the graph's recall test does. Its lists are
     * Euclidean cells ranked by inner product with the centroid, a looser fit for maximum inner
     * product: it measured 0.965-0.996 at nprobe 8 over runs (k-means++ seeds at random), so it is
     * checked at nprobe 12.
     */
    @ParameterizedTest
    @EnumSource(Metric.class)
    void everyMetricReachesRecall95Probing8To12Of32Lists(Metric metric) throws InterruptedException {
        int nprobe = metric == Metric.DOT_PRODUCT ? 12 : 8;
        VectorData data = new VectorData(50, DIM, 0.3f, 9);
        List<float[]> base = data.next(4_000);
        if (metric == Metric.DOT_PRODUCT) {
            for (int i = 0; i < base.size(); i++) {
                float f = 0.5f + (i % 7) * 0.25f;
                for (int j = 0; j < base.get(i).length; j++) {
                    base.get(i)[j] *= f;
                }
            }
        }
        SegmentedShard shard = shard(metric);
        for (int i = 0; i < base.size(); i++) {
            shard.upsert("v" + i, i % PARTS, VectorData.copy(base.get(i)), Map.of());
        }
        shard.useCentroids(train(shard.sample(4_000, 1), 32, metric, 1));
        settle(shard);
        int found = 0;
        List<float[]> queries = data.next(100);
        for (float[] q : queries) {
            Set<String> got = new HashSet<>(ids(shard.search(query(q, 10, nprobe))));
            for (int i : VectorData.topK(metric, base, q, 10)) {
                found += got.contains("v" + i) ? 1 : 0;
            }
        }
        double recall = found / (10.0 * queries.size());
        System.out.printf("IVF recall@10 %s at nprobe %d of 32 lists, 4k x 16: %.3f%n", metric, nprobe, recall);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    private static int farthestFrom(Centroids c, int a) {
        int best = a;
        float bestD = -1;
        for (int i = 0; i < c.k(); i++) {
            float d = (float) VectorData.score(Metric.L2, c.centroid(a), c.centroid(i));
            float dist = 1 / d - 1;
            if (dist > bestD) {
                bestD = dist;
                best = i;
            }
        }
        return best;
    }
}
