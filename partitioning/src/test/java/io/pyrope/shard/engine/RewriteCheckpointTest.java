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
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parks the indexer between building a segment and publishing it: writes and searches must go on
 * meanwhile (no lock is held during a build), and deletes and replacements made during the build
 * must hold once the new segment is published.
 */
class RewriteCheckpointTest {
    private static final PartitionSet ALL = PartitionSet.all(4);

    @Test
    void writesDuringABuildAreNeitherBlockedNorLost() throws Exception {
        try (ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS.withHead(256, 64), "checkpoint")) {
            SegmentedShard shard = (SegmentedShard) registry.getOrCreate(new ShardKey(new TenantId("t"), "cp"),
                    new IndexSpec("cp", 16, Metric.L2, 16, 64, 0));
            VectorData gen = new VectorData(10, 16, 0.5f, 11);
            List<float[]> data = gen.next(600);
            for (int i = 0; i < 400; i++) {
                shard.upsert("v" + i, i % 4, data.get(i), Map.of());
            }
            assertThat(shard.awaitQuiescent(Duration.ofSeconds(60))).isTrue();
            // A small segment (v400..v499): the next drain rewrites it together with the new head.
            for (int i = 400; i < 500; i++) {
                shard.upsert("v" + i, i % 4, data.get(i), Map.of());
            }
            assertThat(shard.awaitQuiescent(Duration.ofSeconds(60))).isTrue();
            assertThat(shard.stats().segments()).isEqualTo(2);

            CountDownLatch parked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            shard.beforePublish(() -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (int i = 500; i < 600; i++) {
                shard.upsert("v" + i, i % 4, data.get(i), Map.of());
            }
            Thread waiter = new Thread(() -> {
                try {
                    shard.awaitIndexed(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.start();
            assertThat(parked.await(60, TimeUnit.SECONDS)).as("indexer reached the checkpoint").isTrue();

            // The indexer is parked with a finished graph in hand: the shard must stay fully usable.
            assertThat(shard.delete("v10")).isTrue();
            assertThat(shard.delete("v450")).isTrue();
            assertThat(shard.delete("v550")).isTrue();
            float[] fresh = gen.next();
            shard.upsert("v20", 0, fresh, Map.of());
            shard.upsert("v460", 0, gen.next(), Map.of());
            shard.upsert("new", 1, gen.next(), Map.of());
            assertThat(top(shard, data.get(10))).isNotEqualTo("v10");
            assertThat(top(shard, fresh)).isEqualTo("v20");

            release.countDown();
            waiter.join(60_000);
            shard.beforePublish(() -> { });
            assertThat(shard.awaitQuiescent(Duration.ofSeconds(60))).isTrue();

            assertThat(shard.ids()).hasSize(598).doesNotContain("v10", "v450", "v550").contains("new", "v20", "v460");
            assertThat(shard.stats().segments()).isEqualTo(2);
            for (String gone : List.of("v10", "v450", "v550")) {
                float[] q = data.get(Integer.parseInt(gone.substring(1)));
                assertThat(shard.search(new ShardQuery(q, 20, 64, ALL, null, false, false)).hits())
                        .extracting(ShardHit::id).doesNotContain(gone);
            }
            ShardHit v20 = shard.search(new ShardQuery(fresh, 1, 64, ALL, null, false, true)).hits().get(0);
            assertThat(v20.id()).isEqualTo("v20");
            assertThat(v20.values()).containsExactly(fresh);
            assertThat(shard.search(new ShardQuery(data.get(20), 50, 64, ALL, null, false, true)).hits())
                    .filteredOn(h -> h.id().equals("v20")).allSatisfy(h -> assertThat(h.values()).containsExactly(fresh));
            assertThat(shard.stats().headVectors()).isZero();
        }
    }

    private static String top(SegmentedShard shard, float[] q) {
        return shard.search(new ShardQuery(q, 1, 64, ALL, null, false, false)).hits().get(0).id();
    }
}
