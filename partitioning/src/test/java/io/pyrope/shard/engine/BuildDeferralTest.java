package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardStats;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Graph builds wait for a write burst to end (or for the backlog bound), and a burst ends as one graph. */
class BuildDeferralTest {
    private static final int DIM = 16;
    private final VectorData gen = new VectorData(20, DIM, 0.3f, 11);

    private static LocalShard shard(ShardRegistry registry) {
        return registry.getOrCreate(new ShardKey(new TenantId("t"), "i"), new IndexSpec("i", DIM, Metric.L2, 16, 64, 0));
    }

    @Test
    void aBurstIsIndexedOnceItEndsAsOneGraph() {
        // Heads of 128: without deferral this burst would be sealed and indexed in many pieces.
        ShardEngineConfig config = ShardEngineConfig.DEFAULTS.withHead(128, 32).withDeferral(1_500, 1_000_000);
        try (ShardRegistry registry = new ShardRegistry(config, "defer-burst")) {
            LocalShard shard = shard(registry);
            List<float[]> data = gen.next(2_000);
            for (int i = 0; i < data.size(); i++) {
                shard.upsert("v" + i, 0, data.get(i), Map.of());
            }
            // Well inside the quiet period: nothing was built yet, every entry is searchable exactly.
            assertThat(shard.stats().segments()).isZero();
            await().atMost(Duration.ofSeconds(60)).until(() -> shard.stats().headVectors() == 0);
            ShardStats stats = shard.stats();
            assertThat(stats.segments()).isEqualTo(1);
            assertThat(stats.liveVectors()).isEqualTo(2_000);
        }
    }

    @Test
    void aLargeBacklogIsIndexedDuringTheBurstAndAwaitIndexedDoesNotWaitForQuiet() throws InterruptedException {
        // Never quiet within the test: only the backlog bound and awaitIndexed start builds.
        ShardEngineConfig config = ShardEngineConfig.DEFAULTS.withHead(128, 32).withDeferral(600_000, 256);
        try (ShardRegistry registry = new ShardRegistry(config, "defer-bound")) {
            LocalShard shard = shard(registry);
            List<float[]> data = gen.next(1_000);
            for (int i = 0; i < data.size(); i++) {
                shard.upsert("v" + i, 0, data.get(i), Map.of());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> shard.stats().segments() >= 1
                    && shard.stats().headVectors() < 256);
            assertThat(shard.awaitIndexed(Duration.ofSeconds(60))).isTrue();
            assertThat(shard.stats().headVectors()).isZero();
        }
    }
}
