package io.pyrope.domain;

import io.pyrope.api.ProtoMapping;
import io.pyrope.client.InMemoryPyropeClient;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IVF index type in the domain model, its validation, its wire mapping and the SDK's in-memory fake. */
class IvfSpecTest {

    private static void invalid(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(PyropeException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(message);
    }

    @Test
    void ivfSpecResolvesDefaultsAndKeepsNoGraphParameters() {
        IndexSpec s = IndexSpec.ivf("docs", 8, Metric.L2, 0, 0);
        assertThat(s.type()).isEqualTo(IndexType.IVF);
        assertThat(s.centroids()).isEqualTo(Limits.DEFAULT_CENTROIDS);
        assertThat(s.nprobe()).isEqualTo(Limits.DEFAULT_NPROBE);
        assertThat(s.m()).isZero();
        assertThat(s.beamWidth()).isZero();
        assertThat(IndexSpec.ivf("few", 8, Metric.L2, 4, 0).nprobe()).as("capped at the list count").isEqualTo(4);
        assertThat(s.resolveNprobe(0)).isEqualTo(Limits.DEFAULT_NPROBE);
        assertThat(s.resolveNprobe(3)).isEqualTo(3);

        IndexSpec legacy = new IndexSpec("g", 8, Metric.L2, 0, 0, 0, null, 0);
        assertThat(legacy.type()).isEqualTo(IndexType.HNSW);
        assertThat(legacy).isEqualTo(IndexSpec.of("g", 8, Metric.L2));
        assertThat(legacy.resolveNprobe(5)).isZero();
    }

    @Test
    void badSpecsAreRejectedWithActionableMessages() {
        invalid(() -> IndexSpec.ivf("x", 8, Metric.L2, 16, 17), "nprobe must be 1..16");
        invalid(() -> new IndexSpec("x", 8, Metric.L2, 16, 0, 0, IndexType.IVF, 0), "an IVF index has no graph");
        invalid(() -> new IndexSpec("x", 8, Metric.L2, 0, 0, 0, IndexType.HNSW, 4), "nprobe applies to IVF indexes only");
    }

    @Test
    void searchEffortMustMatchTheIndexType() {
        IndexSpec ivf = IndexSpec.ivf("lists", 2, Metric.L2, 16, 4);
        IndexSpec hnsw = IndexSpec.of("graph", 2, Metric.L2);
        float[] q = {1, 2};
        Validation.validateSearch(ivf, SearchQuery.of(q, 3).withNprobe(16));
        Validation.validateSearch(hnsw, SearchQuery.of(q, 3).withEf(80));
        invalid(() -> Validation.validateSearch(ivf, SearchQuery.of(q, 3).withNprobe(17)), "1..16 (the number of IVF lists");
        invalid(() -> Validation.validateSearch(ivf, SearchQuery.of(q, 3).withEf(80)), "ef applies to HNSW indexes");
        invalid(() -> Validation.validateSearch(hnsw, SearchQuery.of(q, 3).withNprobe(2)), "nprobe applies to IVF indexes");
    }

    @Test
    void wireMappingRoundTripsTypeAndNprobe() {
        IndexSpec s = IndexSpec.ivf("docs", 8, Metric.COSINE, 32, 6);
        assertThat(ProtoMapping.toDomain(ProtoMapping.toProto(s))).isEqualTo(s);
        SearchQuery q = SearchQuery.of(new float[]{1, 2}, 5).withNprobe(7);
        assertThat(ProtoMapping.toDomain(ProtoMapping.toProto("docs", q))).isEqualTo(q);
        SearchResult r = new SearchResult(List.of(), 0, false, 2, 123, 7, 5_000);
        assertThat(ProtoMapping.toDomain(ProtoMapping.toProto(r))).isEqualTo(r);
        assertThat(new SearchQuery(new float[]{1}, 1, 0, null, false, false).nprobe()).isZero();
    }

    @Test
    void inMemoryFakeValidatesAndReportsLikeTheServer() {
        try (InMemoryPyropeClient client = new InMemoryPyropeClient()) {
            client.createIndex(IndexSpec.ivf("lists", 2, Metric.L2, 8, 2));
            client.upsert("lists", List.of(new VectorRecord("a", new float[]{0, 0}), new VectorRecord("b", new float[]{5, 5})));
            SearchResult r = client.search("lists", SearchQuery.of(new float[]{1, 1}, 1));
            assertThat(r.hits().get(0).id()).isEqualTo("a");
            assertThat(r.nprobeUsed()).isEqualTo(2);
            assertThat(r.efUsed()).isZero();
            assertThat(client.search("lists", SearchQuery.of(new float[]{1, 1}, 1).withNprobe(8)).nprobeUsed()).isEqualTo(8);
            invalid(() -> client.search("lists", SearchQuery.of(new float[]{1, 1}, 1).withNprobe(9)), "number of IVF lists");
            assertThat(client.describeIndex("lists").spec().type()).isEqualTo(IndexType.IVF);
        }
    }
}
