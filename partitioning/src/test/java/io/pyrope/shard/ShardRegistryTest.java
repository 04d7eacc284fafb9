package io.pyrope.shard;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardRegistryTest {
    private static final ShardKey A = new ShardKey(new TenantId("t1"), "a");
    private static final ShardKey B = new ShardKey(new TenantId("t2"), "a");
    private static final IndexSpec SPEC = IndexSpec.of("a", 4, Metric.L2);

    @Test
    void keepsOneShardPerKeyAndRejectsAConflictingSpec() {
        try (ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS, "reg-keys")) {
            LocalShard a = registry.getOrCreate(A, SPEC);
            assertThat(registry.getOrCreate(A, SPEC)).isSameAs(a);
            assertThat(registry.getOrCreate(B, SPEC)).isNotSameAs(a);
            assertThat(registry.get(A)).containsSame(a);
            assertThat(registry.all()).containsOnlyKeys(A, B);
            assertThatThrownBy(() -> registry.getOrCreate(A, IndexSpec.of("a", 8, Metric.L2)))
                    .isInstanceOf(IllegalStateException.class);

            a.upsert("x", 0, new float[] {1, 2, 3, 4}, Map.of());
            assertThat(registry.remove(A)).isTrue();
            assertThat(registry.remove(A)).isFalse();
            assertThat(registry.get(A)).isEmpty();
            assertThatThrownBy(() -> a.upsert("y", 0, new float[4], Map.of())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closeClosesTheShardsAndStopsEveryThread() throws Exception {
        String prefix = "reg-close-" + System.nanoTime();
        ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS.withHead(64, 16), prefix);
        LocalShard shard = registry.getOrCreate(A, SPEC);
        Random rnd = new Random(1);
        for (int i = 0; i < 500; i++) {
            shard.upsert("v" + i, i % 4, new float[] {rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat(), rnd.nextFloat()}, Map.of());
        }
        assertThat(shard.awaitIndexed(Duration.ofSeconds(30))).isTrue();
        assertThat(threadsNamed(prefix)).isPositive();

        registry.close();

        assertThat(threadsNamed(prefix)).isZero();
        assertThatThrownBy(() -> shard.upsert("z", 0, new float[4], Map.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.getOrCreate(B, SPEC)).isInstanceOf(IllegalStateException.class);
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .count();
    }
}
