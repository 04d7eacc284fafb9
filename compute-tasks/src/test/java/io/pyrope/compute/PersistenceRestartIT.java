package io.pyrope.compute;

import io.pyrope.compute.testing.ClusteredVectors;
import io.pyrope.compute.testing.TestPorts;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With native persistence, a node stopped and started again on the same work directory comes back
 * with its vectors searchable: the shards are rebuilt from the entries restored from disk (which
 * raise no cache event), deletes stay deleted, and new writes work.
 */
class PersistenceRestartIT {
    private static final TenantId T = new TenantId("acme");

    private static GridSettings settings(Path work) {
        return new GridSettings("persist-node", "persist-node", work, "127.0.0.1",
                TestPorts.discovery(), 10, List.of(TestPorts.discoveryRange()),
                TestPorts.communication(0), TestPorts.thinClient(0), 64, 0,
                96, true, 5_000, Map.of());
    }

    @Test
    void vectorsAreSearchableAfterARestart(@TempDir Path work) {
        ClusteredVectors gen = new ClusteredVectors(16, 8, 0.2f, 3);
        float[][] data = gen.next(600);
        List<String> before;
        try (PyropeGrid node = PyropeGrid.start(settings(work), Clock.systemUTC())) {
            VectorGrid grid = node.vectors();
            grid.createIndex(T, IndexSpec.of("docs", 16, Metric.COSINE));
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < data.length; i++) {
                batch.add(new VectorRecord("v" + i, data[i], Map.of("n", Integer.toString(i % 3))));
            }
            grid.upsert(T, "docs", batch);
            grid.delete(T, "docs", List.of("v0", "v1"));
            before = ids(grid.search(T, "docs", new SearchQuery(data[5], 10, 0, null, false, false)).hits());
            assertThat(before).contains("v5");
        }
        try (PyropeGrid node = PyropeGrid.start(settings(work), Clock.systemUTC())) {
            VectorGrid grid = node.vectors();
            assertThat(grid.describeIndex(T, "docs").vectorCount()).isEqualTo(598);
            assertThat(ids(grid.search(T, "docs", new SearchQuery(data[5], 10, 0, null, false, false)).hits()))
                    .containsExactlyElementsOf(before);
            assertThat(ids(grid.search(T, "docs", new SearchQuery(data[0], 3, 0, null, false, false)).hits()))
                    .doesNotContain("v0", "v1");
            var hit = grid.search(T, "docs", new SearchQuery(data[7], 1, 0, null, true, false)).hits().get(0);
            assertThat(hit.id()).isEqualTo("v7");
            assertThat(hit.metadata()).containsEntry("n", "1");
            grid.upsert(T, "docs", List.of(new VectorRecord("new", data[9])));
            assertThat(grid.describeIndex(T, "docs").vectorCount()).isEqualTo(599);
        }
    }

    private static List<String> ids(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::id).toList();
    }
}
