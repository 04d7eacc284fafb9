package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Limits;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Search quality with the default index parameters against a brute-force oracle. */
class RecallTest {
    private static final ShardKey KEY = new ShardKey(new TenantId("t"), "recall");

    @Test
    void defaultsReachRecall95At10kClustered() throws Exception {
        double recall = recall(Metric.COSINE, 10_000, 200, 0.4f);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void everyMetricReachesRecall95OnSmallerData(Metric metric) throws Exception {
        double recall = recall(metric, 3_000, 100, 0.4f);
        assertThat(recall).isGreaterThanOrEqualTo(0.95);
    }

    private static double recall(Metric metric, int n, int queries, float spread) throws Exception {
        VectorData gen = new VectorData(100, 128, spread, 42);
        List<float[]> data = gen.next(n);
        if (metric == Metric.DOT_PRODUCT) {
            // Non-unit norms are what makes DOT_PRODUCT hard for the graph.
            for (int i = 0; i < n; i++) {
                float f = 0.5f + (i % 7) * 0.25f;
                for (int j = 0; j < data.get(i).length; j++) {
                    data.get(i)[j] *= f;
                }
            }
        }
        List<float[]> qs = gen.next(queries);
        try (ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS, "recall-" + metric)) {
            LocalShard shard = registry.getOrCreate(KEY, IndexSpec.of("recall", 128, metric));
            for (int i = 0; i < n; i++) {
                shard.upsert("v" + i, i % 64, VectorData.copy(data.get(i)), Map.of());
            }
            assertThat(shard.awaitIndexed(Duration.ofMinutes(2))).isTrue();
            assertThat(shard.stats().headVectors()).isZero();
            int k = 10;
            int ef = Math.max(k, Limits.DEFAULT_EF);
            int found = 0;
            for (float[] q : qs) {
                ShardSearchResult r = shard.search(new ShardQuery(q, k, ef, PartitionSet.all(64), null, false, false));
                Set<String> got = new HashSet<>();
                for (ShardHit h : r.hits()) {
                    got.add(h.id());
                }
                assertThat(got).hasSize(k);
                assertThat(r.distanceComputations()).isPositive().isLessThan(n);
                for (int i : VectorData.topK(metric, data, q, k)) {
                    if (got.contains("v" + i)) {
                        found++;
                    }
                }
            }
            return (double) found / (k * qs.size());
        }
    }
}
