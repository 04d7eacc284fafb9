package io.pyrope.compute;

import io.pyrope.compute.testing.ClusteredVectors;
import io.pyrope.compute.testing.TestGrids;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.Metric;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole write/read/search path on one real node. */
class SingleNodeGridTest {
    private static final TenantId T = new TenantId("acme");
    private static final TenantId OTHER = new TenantId("other");
    private static TestGrids grids;
    private static VectorGrid grid;

    @BeforeAll
    static void start() {
        grids = new TestGrids(64, 1);
        grid = grids.startNode().vectors();
    }

    @AfterAll
    static void stop() {
        grids.close();
    }

    @Test
    void writesAreSearchableAsSoonAsAcknowledged() {
        grid.createIndex(T, IndexSpec.of("ryw", 16, Metric.COSINE));
        ClusteredVectors gen = new ClusteredVectors(16, 8, 0.1f, 1);
        for (int round = 0; round < 50; round++) {
            float[] v = gen.next();
            grid.upsert(T, "ryw", List.of(new VectorRecord("v" + round, v)));
            SearchResult r = grid.search(T, "ryw", SearchQuery.of(v, 1));
            assertThat(r.hits()).extracting(SearchHit::id).containsExactly("v" + round);
            assertThat(r.hits().get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
            assertThat(r.partial()).isFalse();
        }
        grid.delete(T, "ryw", List.of("v49"));
        float[] probe = grid.get(T, "ryw", List.of("v48"), true).get(0).values();
        assertThat(grid.search(T, "ryw", SearchQuery.of(probe, 50)).hits())
                .extracting(SearchHit::id).doesNotContain("v49").contains("v48");
    }

    @Test
    void upsertReplacesAndGetReturnsInRequestOrder() {
        grid.createIndex(T, IndexSpec.of("repl", 3, Metric.L2));
        grid.upsert(T, "repl", List.of(new VectorRecord("a", new float[]{1, 0, 0}, Map.of("k", "1")),
                new VectorRecord("b", new float[]{0, 1, 0})));
        grid.upsert(T, "repl", List.of(new VectorRecord("a", new float[]{0, 0, 1}, Map.of("k", "2"))));
        List<VectorRecord> got = grid.get(T, "repl", List.of("b", "missing", "a"), true);
        assertThat(got).extracting(VectorRecord::id).containsExactly("b", "a");
        assertThat(got.get(1).values()).containsExactly(0, 0, 1);
        assertThat(got.get(1).metadata()).containsEntry("k", "2");
        SearchResult r = grid.search(T, "repl", new SearchQuery(new float[]{0, 0, 1}, 5, 0, MetadataFilter.NONE, true, false));
        assertThat(r.hits()).extracting(SearchHit::id).containsExactly("a", "b");
        assertThat(r.hits().get(0).score()).isEqualTo(1f); // L2: 1 / (1 + 0)
        assertThat(r.hits().get(0).metadata()).containsEntry("k", "2");
        assertThat(grid.describeIndex(T, "repl").vectorCount()).isEqualTo(2);
    }

    @Test
    void metadataFilterAppliesInsideTheSearch() {
        grid.createIndex(T, IndexSpec.of("filt", 8, Metric.DOT_PRODUCT));
        ClusteredVectors gen = new ClusteredVectors(8, 4, 0.2f, 2);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(new VectorRecord("f" + i, gen.next(), Map.of("color", i % 50 == 0 ? "red" : "blue")));
        }
        grid.upsert(T, "filt", batch);
        SearchResult r = grid.search(T, "filt", new SearchQuery(gen.next(), 10, 0,
                new MetadataFilter(Map.of("color", "red")), true, false));
        assertThat(r.hits()).hasSize(10).allSatisfy(h -> assertThat(h.metadata()).containsEntry("color", "red"));
    }

    @Test
    void tenantsAreIsolatedAndMissingIndexesAreNotFound() {
        grid.createIndex(T, IndexSpec.of("secret", 4, Metric.L2));
        grid.upsert(T, "secret", List.of(new VectorRecord("x", new float[]{1, 2, 3, 4})));
        assertThatThrownBy(() -> grid.search(OTHER, "secret", SearchQuery.of(new float[]{1, 2, 3, 4}, 1)))
                .isInstanceOf(PyropeException.class)
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> grid.get(OTHER, "secret", List.of("x"), true))
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(grid.listIndexes(OTHER)).isEmpty();
        assertThatThrownBy(() -> grid.createIndex(T, IndexSpec.of("secret", 4, Metric.L2)))
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void badBatchIsRejectedWholeAndChangesNothing() {
        grid.createIndex(T, IndexSpec.of("bad", 2, Metric.L2));
        List<VectorRecord> batch = List.of(new VectorRecord("ok", new float[]{1, 1}),
                new VectorRecord("nan", new float[]{Float.NaN, 1}));
        assertThatThrownBy(() -> grid.upsert(T, "bad", batch))
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("non-finite");
        assertThat(grid.get(T, "bad", List.of("ok"), false)).isEmpty();
        assertThat(grid.describeIndex(T, "bad").vectorCount()).isZero();
    }

    @Test
    void dropRemovesVectorsAndAllowsRecreateWithAnotherDimension() {
        grid.createIndex(T, IndexSpec.of("drop", 4, Metric.COSINE));
        grid.upsert(T, "drop", List.of(new VectorRecord("a", new float[]{1, 0, 0, 0}),
                new VectorRecord("b", new float[]{0, 1, 0, 0})));
        assertThat(grid.dropIndex(T, "drop")).isEqualTo(2);
        assertThatThrownBy(() -> grid.describeIndex(T, "drop"))
                .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        IndexInfo again = grid.createIndex(T, IndexSpec.of("drop", 2, Metric.COSINE));
        assertThat(again.vectorCount()).isZero();
        grid.upsert(T, "drop", List.of(new VectorRecord("c", new float[]{1, 0})));
        assertThat(grid.search(T, "drop", SearchQuery.of(new float[]{1, 0}, 10)).hits())
                .extracting(SearchHit::id).containsExactly("c");
    }
}
