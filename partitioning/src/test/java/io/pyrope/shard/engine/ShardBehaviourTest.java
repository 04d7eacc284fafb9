package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Semantics of one shard, checked both while entries sit in the delta head and once they are in graph segments. */
class ShardBehaviourTest {
    private static final int DIM = 16;
    private static final int PARTS = 8;
    private static final PartitionSet ALL = PartitionSet.all(PARTS);
    private static final ShardEngineConfig SMALL = ShardEngineConfig.DEFAULTS.withHead(128, 32);

    private final ShardRegistry registry = new ShardRegistry(SMALL, "behaviour");
    private final VectorData gen = new VectorData(20, DIM, 0.3f, 7);

    @AfterEach
    void close() {
        registry.close();
    }

    private LocalShard shard(Metric metric) {
        return registry.getOrCreate(new ShardKey(new TenantId("t"), metric.name()), new IndexSpec(metric.name(), DIM, metric, 16, 64, 0));
    }

    private static ShardQuery query(float[] q, int k) {
        return new ShardQuery(q, k, 64, ALL, null, true, true);
    }

    private static void settle(LocalShard shard, boolean indexed) throws InterruptedException {
        if (indexed) {
            assertThat(shard.awaitIndexed(Duration.ofSeconds(60))).isTrue();
            assertThat(shard.stats().headVectors()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void replacingAnIdReturnsOnlyTheNewVector(boolean indexed) throws Exception {
        LocalShard shard = shard(Metric.L2);
        List<float[]> data = gen.next(300);
        for (int i = 0; i < data.size(); i++) {
            shard.upsert("v" + i, i % PARTS, data.get(i), Map.of("gen", "1"));
        }
        settle(shard, indexed);
        float[] old = data.get(5);
        float[] fresh = gen.next();
        shard.upsert("v5", 5, fresh, Map.of("gen", "2"));

        ShardSearchResult byFresh = shard.search(query(fresh, 5));
        assertThat(byFresh.hits().get(0).id()).isEqualTo("v5");
        assertThat(byFresh.hits().get(0).values()).containsExactly(fresh);
        assertThat(byFresh.hits().get(0).metadata()).containsEntry("gen", "2");
        ShardSearchResult byOld = shard.search(query(old, 20));
        assertThat(byOld.hits()).filteredOn(h -> h.id().equals("v5")).allSatisfy(h -> assertThat(h.values()).containsExactly(fresh));
        assertThat(ids(byOld)).doesNotHaveDuplicates();
        assertThat(shard.stats().liveVectors()).isEqualTo(300);
        assertThat(shard.stats().tombstones()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void deletedIdsAreNeverReturned(boolean indexed) throws Exception {
        LocalShard shard = shard(Metric.COSINE);
        List<float[]> data = gen.next(300);
        for (int i = 0; i < data.size(); i++) {
            shard.upsert("v" + i, i % PARTS, data.get(i), Map.of());
        }
        settle(shard, indexed);
        for (int i = 0; i < 300; i += 3) {
            assertThat(shard.delete("v" + i)).isTrue();
        }
        assertThat(shard.delete("v0")).isFalse();
        assertThat(shard.delete("nope")).isFalse();
        for (int i = 0; i < 300; i += 7) {
            List<String> got = ids(shard.search(query(data.get(i), 10)));
            assertThat(got).hasSize(10).noneMatch(id -> Integer.parseInt(id.substring(1)) % 3 == 0);
            if (i % 3 != 0) {
                assertThat(got.get(0)).isEqualTo("v" + i);
            }
        }
        assertThat(shard.ids()).hasSize(200).doesNotContain("v0", "v3");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void searchIsRestrictedToTheQueryPartitionsAndRemovePartitionDropsThem(boolean indexed) throws Exception {
        LocalShard shard = shard(Metric.L2);
        List<float[]> data = gen.next(400);
        for (int i = 0; i < data.size(); i++) {
            shard.upsert("v" + i, i % PARTS, data.get(i), Map.of());
        }
        settle(shard, indexed);
        PartitionSet p13 = PartitionSet.of(1, 3);
        for (int i = 0; i < 40; i++) {
            ShardSearchResult r = shard.search(new ShardQuery(data.get(i), 10, 64, p13, null, false, false));
            assertThat(r.hits()).hasSize(10).allSatisfy(h -> assertThat(Integer.parseInt(h.id().substring(1)) % PARTS).isIn(1, 3));
            List<float[]> inP13 = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            for (int j = 0; j < data.size(); j++) {
                if (j % PARTS == 1 || j % PARTS == 3) {
                    inP13.add(data.get(j));
                    idx.add(j);
                }
            }
            int best = idx.get(VectorData.topK(Metric.L2, inP13, data.get(i), 1)[0]);
            assertThat(r.hits().get(0).id()).isEqualTo("v" + best);
        }
        assertThat(shard.ids(3)).hasSize(50);
        assertThat(shard.removePartition(3)).isEqualTo(50);
        assertThat(shard.removePartition(3)).isZero();
        assertThat(shard.ids(3)).isEmpty();
        assertThat(shard.ids()).hasSize(350);
        for (int i = 0; i < 40; i++) {
            ShardSearchResult r = shard.search(new ShardQuery(data.get(i), 10, 64, ALL, null, false, false));
            assertThat(r.hits()).hasSize(10).noneMatch(h -> Integer.parseInt(h.id().substring(1)) % PARTS == 3);
        }
        ShardSearchResult none = shard.search(new ShardQuery(data.get(0), 10, 64, PartitionSet.of(3), null, false, false));
        assertThat(none.hits()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void filteredSearchFillsKAndSelectiveFiltersAreExact(boolean indexed) throws Exception {
        LocalShard shard = registry.getOrCreate(new ShardKey(new TenantId("t"), "filter"),
                new IndexSpec("filter", DIM, Metric.COSINE, 16, 64, 0));
        int n = 3000;
        List<float[]> data = gen.next(n);
        for (int i = 0; i < n; i++) {
            // "color" admits ~1/3 of the entries (graph path), "rare" 20 entries = 0.7% (exact path).
            Map<String, String> md = i % 150 == 0
                    ? Map.of("color", "c" + (i % 3), "rare", "yes")
                    : Map.of("color", "c" + (i % 3));
            shard.upsert("v" + i, i % PARTS, data.get(i), md);
        }
        settle(shard, indexed);
        for (int qi = 0; qi < 30; qi++) {
            float[] q = gen.next();
            ShardSearchResult r = shard.search(new ShardQuery(q, 10, 64, ALL, new MetadataFilter(Map.of("color", "c1")), true, false));
            assertThat(r.hits()).hasSize(10).allSatisfy(h -> assertThat(h.metadata()).containsEntry("color", "c1"));
            if (indexed) {
                assertThat(r.distanceComputations()).as("graph search, not a scan").isLessThan(n / 2);
            }

            ShardSearchResult rare = shard.search(new ShardQuery(q, 10, 64, ALL,
                    new MetadataFilter(Map.of("rare", "yes", "color", "c0")), true, false));
            List<float[]> matches = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i += 150) {
                if (i % 3 == 0) {
                    matches.add(data.get(i));
                    idx.add(i);
                }
            }
            Set<String> expected = new HashSet<>();
            for (int j : VectorData.topK(Metric.COSINE, matches, q, 10)) {
                expected.add("v" + idx.get(j));
            }
            assertThat(new HashSet<>(ids(rare))).isEqualTo(expected);
            // The exact path scores only the candidates of the smallest posting list.
            assertThat(rare.distanceComputations()).isLessThanOrEqualTo(20);
        }
        ShardSearchResult missing = shard.search(new ShardQuery(gen.next(), 10, 64, ALL, new MetadataFilter(Map.of("color", "none")), false, false));
        assertThat(missing.hits()).isEmpty();
        assertThat(missing.distanceComputations()).isZero();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTinyPartitionSetIsScannedExactly(boolean indexed) throws Exception {
        LocalShard shard = shard(Metric.L2);
        int n = 3000;
        List<float[]> data = gen.next(n);
        for (int i = 0; i < n; i++) {
            shard.upsert("v" + i, i % 100, data.get(i), Map.of());
        }
        settle(shard, indexed);
        List<float[]> in7 = new ArrayList<>();
        for (int i = 7; i < n; i += 100) {
            in7.add(data.get(i));
        }
        for (int qi = 0; qi < 20; qi++) {
            float[] q = gen.next();
            ShardSearchResult r = shard.search(new ShardQuery(q, 10, 64, PartitionSet.of(7), null, false, false));
            List<String> expected = new ArrayList<>();
            for (int j : VectorData.topK(Metric.L2, in7, q, 10)) {
                expected.add("v" + (7 + 100 * j));
            }
            assertThat(ids(r)).containsExactlyElementsOf(expected);
            assertThat(r.distanceComputations()).isEqualTo(30);
        }
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void scoresAreTheExactMetricFormulaInHeadAndSegments(Metric metric) throws Exception {
        LocalShard shard = shard(metric);
        List<float[]> data = gen.next(400);
        for (int i = 0; i < 200; i++) {
            float[] v = data.get(i);
            for (int j = 0; j < DIM; j++) {
                v[j] *= 0.5f + (i % 5);
            }
            shard.upsert("v" + i, i % PARTS, VectorData.copy(v), Map.of());
        }
        settle(shard, true);
        for (int i = 200; i < 260; i++) {
            shard.upsert("v" + i, i % PARTS, VectorData.copy(data.get(i)), Map.of());
        }
        assertThat(shard.stats().headVectors()).isPositive();
        for (int qi = 0; qi < 20; qi++) {
            float[] q = gen.next();
            ShardSearchResult r = shard.search(new ShardQuery(q, 15, 64, ALL, null, false, true));
            float prev = Float.POSITIVE_INFINITY;
            for (ShardHit h : r.hits()) {
                int i = Integer.parseInt(h.id().substring(1));
                assertThat(h.values()).containsExactly(data.get(i));
                float expected = VectorData.score(metric, q, data.get(i));
                assertThat(h.score()).isCloseTo(expected, within(1e-4f * Math.max(1, Math.abs(expected))));
                assertThat(h.score()).isLessThanOrEqualTo(prev);
                prev = h.score();
            }
            int best = VectorData.topK(metric, data.subList(0, 260), q, 1)[0];
            assertThat(r.hits().get(0).id()).isEqualTo("v" + best);
        }
        if (metric == Metric.COSINE) {
            assertThat(shard.search(query(data.get(3), 1)).hits().get(0).score()).isCloseTo(1f, within(1e-5f));
        }
    }

    @Test
    void statsIdsAndSampleDescribeTheLiveEntries() throws Exception {
        LocalShard shard = shard(Metric.DOT_PRODUCT);
        List<float[]> data = gen.next(500);
        for (int i = 0; i < data.size(); i++) {
            shard.upsert("v" + i, i % PARTS, data.get(i), Map.of());
        }
        shard.delete("v1");
        settle(shard, true);
        assertThat(shard.stats().liveVectors()).isEqualTo(499);
        assertThat(shard.stats().segments()).isPositive();
        assertThat(shard.ids(0)).hasSize(63);
        List<float[]> s1 = shard.sample(50, 1);
        assertThat(s1).hasSize(50);
        assertThat(shard.sample(50, 1)).usingElementComparator((a, b) -> java.util.Arrays.equals(a, b) ? 0 : 1).isEqualTo(s1);
        assertThat(shard.sample(10_000, 2)).hasSize(499);
        assertThatThrownBy(() -> shard.upsert("x", 0, new float[DIM + 1], Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> ids(ShardSearchResult r) {
        return r.hits().stream().map(ShardHit::id).collect(Collectors.toList());
    }
}
