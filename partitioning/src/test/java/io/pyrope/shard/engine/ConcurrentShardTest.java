package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writers, deleters and searchers race with head sealing, graph builds and merges (a tiny head
 * and an aggressive merge policy make those happen constantly). Invariants: an upserted id is
 * found by its own vector at the top score as soon as upsert returns; no result holds an id
 * twice; no search that starts after delete() returned sees the deleted id; at the end the
 * shard holds exactly the live ids.
 */
class ConcurrentShardTest {
    private static final int DIM = 8;
    private static final int WRITERS = 2;
    private static final int SEARCHERS = 2;
    private static final int OPS_PER_WRITER = 4000;
    private static final PartitionSet ALL = PartitionSet.all(4);

    @Test
    void invariantsHoldWhileHeadsDrainAndSegmentsMerge() throws Exception {
        // No build deferral: builds and merges must race the writers here.
        ShardEngineConfig churn = ShardEngineConfig.DEFAULTS.withHead(64, 16).withMerge(2, 3).withDeferral(0, 16);
        try (ShardRegistry registry = new ShardRegistry(churn, "churn")) {
            SegmentedShard shard = (SegmentedShard) registry.getOrCreate(new ShardKey(new TenantId("t"), "churn"),
                    new IndexSpec("churn", DIM, Metric.L2, 16, 64, 0));
            Map<String, float[]> live = new ConcurrentHashMap<>();
            Map<String, Long> deletedAt = new ConcurrentHashMap<>();
            AtomicLong deletions = new AtomicLong();
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + SEARCHERS);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    write(shard, writer, live, deletedAt, deletions);
                    return null;
                }));
            }
            for (int s = 0; s < SEARCHERS; s++) {
                int seed = s;
                futures.add(pool.submit(() -> {
                    start.await();
                    search(shard, seed, live, deletedAt, deletions, writing);
                    return null;
                }));
            }
            start.countDown();
            for (int i = 0; i < WRITERS; i++) {
                futures.get(i).get(2, TimeUnit.MINUTES);
            }
            long stepsWhileWriting = shard.indexerSteps();
            writing.set(false);
            for (Future<?> f : futures) {
                f.get(1, TimeUnit.MINUTES);
            }
            pool.shutdown();

            assertThat(shard.awaitQuiescent(Duration.ofMinutes(1))).isTrue();
            assertThat(stepsWhileWriting).as("seals, builds and merges raced the writers").isGreaterThanOrEqualTo(5);
            assertThat(shard.ids()).isEqualTo(live.keySet());
            assertThat(shard.stats().liveVectors()).isEqualTo(live.size());
            assertThat(shard.stats().headVectors()).isZero();
            assertThat(shard.stats().segments()).isLessThanOrEqualTo(3);
            // No race lost or misplaced an entry: each live id points at a live slot holding its
            // last vector. Strict, since it is the engine's bookkeeping.
            int found = 0;
            for (Map.Entry<String, float[]> e : live.entrySet()) {
                Loc loc = shard.location(e.getKey());
                assertThat(loc.block().isDead(loc.ord())).as("%s points at a live slot", e.getKey()).isFalse();
                assertThat(loc.block().raw[loc.ord()]).as("%s holds its last vector", e.getKey()).containsExactly(e.getValue());
                ShardSearchResult r = shard.search(new ShardQuery(e.getValue(), 10, 256, ALL, null, false, false));
                // Own-vector queries score 1 for the entry itself; another entry may tie (an equal
                // vector), so the entry must be among the hits with the top score.
                if (r.hits().stream().anyMatch(h -> h.score() == r.hits().get(0).score() && h.id().equals(e.getKey()))) {
                    found++;
                }
            }
            // The graph search is approximate: on these 8-dimensional clustered vectors a node is
            // now and then unreachable (about one run in 25 missed one of ~5,000, with its slot
            // intact), so this part is statistical.
            assertThat((double) found / live.size()).as("own-vector recall").isGreaterThanOrEqualTo(0.995);
        }
    }

    private static void write(SegmentedShard shard, int writer, Map<String, float[]> live, Map<String, Long> deletedAt,
                              AtomicLong deletions) {
        VectorData gen = new VectorData(10, DIM, 0.5f, 100 + writer);
        Random rnd = new Random(writer);
        List<String> mine = new ArrayList<>();
        int next = 0;
        // At least OPS_PER_WRITER operations, and on (bounded) until the indexer has sealed, built or
        // merged five times meanwhile: on a fast or a loaded box alike the race is really run.
        for (int op = 0; op < OPS_PER_WRITER || (shard.indexerSteps() < 5 && op < OPS_PER_WRITER * 10); op++) {
            int dice = rnd.nextInt(10);
            if (dice < 6 || mine.isEmpty()) {
                String id = "w" + writer + "-" + next++;
                upsertAndCheck(shard, id, gen.next(), live);
                mine.add(id);
            } else if (dice < 8) {
                upsertAndCheck(shard, mine.get(rnd.nextInt(mine.size())), gen.next(), live);
            } else {
                String id = mine.remove(rnd.nextInt(mine.size()));
                live.remove(id);
                assertThat(shard.delete(id)).isTrue();
                deletedAt.put(id, deletions.incrementAndGet());
            }
        }
    }

    private static void upsertAndCheck(SegmentedShard shard, String id, float[] v, Map<String, float[]> live) {
        shard.upsert(id, Math.floorMod(id.hashCode(), 4), VectorData.copy(v), Map.of());
        live.put(id, v);
        ShardSearchResult r = shard.search(new ShardQuery(v, 3, 64, ALL, null, false, false));
        assertThat(r.hits()).as("read-your-write of %s", id).isNotEmpty();
        assertThat(r.hits().get(0).id()).as("read-your-write of %s", id).isEqualTo(id);
        assertThat(r.hits().get(0).score()).isEqualTo(1f);
        assertNoDuplicates(r);
    }

    private static void search(SegmentedShard shard, int seed, Map<String, float[]> live, Map<String, Long> deletedAt,
                               AtomicLong deletions, AtomicBoolean writing) {
        VectorData gen = new VectorData(10, DIM, 0.5f, 200 + seed);
        int rounds = 0;
        while (writing.get() || rounds < 50) {
            rounds++;
            long before = deletions.get();
            ShardSearchResult r = shard.search(new ShardQuery(gen.next(), 10, 64, ALL, null, false, false));
            assertNoDuplicates(r);
            for (ShardHit h : r.hits()) {
                Long at = deletedAt.get(h.id());
                assertThat(at == null || at > before).as("%s was deleted before the search started", h.id()).isTrue();
            }
        }
    }

    private static void assertNoDuplicates(ShardSearchResult r) {
        Set<String> seen = new HashSet<>();
        for (ShardHit h : r.hits()) {
            assertThat(seen.add(h.id())).as("duplicate %s", h.id()).isTrue();
        }
    }
}
