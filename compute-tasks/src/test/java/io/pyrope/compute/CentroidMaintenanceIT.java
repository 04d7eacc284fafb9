package io.pyrope.compute;

import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.compute.centroid.RetrainPolicy;
import io.pyrope.compute.testing.ClusteredVectors;
import io.pyrope.compute.testing.TestGrids;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.shard.centroid.Centroids;
import io.pyrope.shard.ShardKey;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Centroids are trained on the oldest node, versioned, retrained on growth and agreed cluster-wide. */
class CentroidMaintenanceIT {
    private static final TenantId T = new TenantId("acme");

    @Test
    void centroidsAreTrainedVersionedAndSharedByEveryNode() throws InterruptedException {
        // Background checks off: the test drives training, so nothing races it.
        GridOptions options = GridOptions.DEFAULTS.withCentroidCheckInterval(Duration.ZERO)
                .withCentroidPolicy(new RetrainPolicy(100, 2.0, Duration.ZERO, 5000));
        try (TestGrids cluster = new TestGrids(32, 1, options)) {
            List<PyropeGrid> nodes = cluster.startNodes(2);
            VectorGrid grid = nodes.get(1).vectors();
            grid.createIndex(T, new IndexSpec("topics", 16, Metric.COSINE, 0, 0, 8));
            ClusteredVectors gen = new ClusteredVectors(16, 8, 0.05f, 7);
            upsert(grid, gen, 0, 50);
            nodes.forEach(n -> n.centroids().checkAll());
            assertThat(grid.describeIndex(T, "topics").centroids().version()).as("below minVectors").isZero();

            upsert(grid, gen, 50, 1000);
            nodes.forEach(n -> n.centroids().checkAll());
            IndexInfo first = nodes.get(1).vectors().describeIndex(T, "topics");
            assertThat(first.centroids().version()).isEqualTo(1);
            assertThat(first.centroids().trained()).isEqualTo(8);
            assertThat(first.centroids().trainedOnVectors()).isEqualTo(1000);

            // The 8 generating clusters land on (nearly) 8 distinct centroids.
            StoredCentroids stored = nodes.get(1).catalog().centroids(T, "topics").orElseThrow();
            Centroids c = new Centroids(stored.version(), stored.k(), stored.dimension(), Metric.COSINE, stored.data());
            Set<Integer> used = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                used.add(c.nearest(gen.next()));
            }
            assertThat(used.size()).isGreaterThanOrEqualTo(6);

            nodes.forEach(n -> n.centroids().checkAll());
            assertThat(grid.describeIndex(T, "topics").centroids().version()).as("no growth, no retrain").isEqualTo(1);
            upsert(grid, gen, 1000, 2100);
            // A retrain waits until the shard has absorbed the burst (it would compete with it).
            for (PyropeGrid n : nodes) {
                assertThat(n.shards().get(new ShardKey(T, "topics")).orElseThrow().awaitIndexed(Duration.ofSeconds(60))).isTrue();
            }
            nodes.forEach(n -> n.centroids().checkAll());
            assertThat(nodes.get(0).vectors().describeIndex(T, "topics").centroids().version()).isEqualTo(2);
            assertThat(nodes.get(0).vectors().describeIndex(T, "topics").centroids().trainedOnVectors()).isEqualTo(2100);
        }
    }

    private static void upsert(VectorGrid grid, ClusteredVectors gen, int from, int to) {
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            batch.add(new VectorRecord("c" + i, gen.next()));
        }
        for (int i = 0; i < batch.size(); i += 500) {
            grid.upsert(T, "topics", batch.subList(i, Math.min(batch.size(), i + 500)));
        }
    }
}
