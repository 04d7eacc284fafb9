package io.pyrope.node.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.CreateTenantResponse;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchBatchRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.domain.Limits;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input over a real gRPC server on loopback against a real single node: each gets the right
 * status and an actionable message, and changes nothing (the index's count stays 3).
 */
class BadInputTest {
    private static final int DIM = 4;
    private static NodeFixture fixture;
    private static String key;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(TestPorts.slot(3), "bad-input", Map.of("PYROPE_GRPC_MAX_INBOUND_MESSAGE_MB", "2"));
        CreateTenantResponse t = fixture.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("bad").build());
        key = t.getApiKey();
        fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("idx")).build());
        fixture.vectors(key).upsert(UpsertRequest.newBuilder().setIndex("idx")
                .addVectors(vector("a", 1, 0, 0, 0)).addVectors(vector("b", 0, 1, 0, 0)).addVectors(vector("c", 0, 0, 1, 0)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static IndexSpec spec(String name) {
        return IndexSpec.newBuilder().setName(name).setDimension(DIM).setMetric(Metric.COSINE).build();
    }

    private static void upsert(Vector... vectors) {
        fixture.vectors(key).upsert(UpsertRequest.newBuilder().setIndex("idx").addAllVectors(List.of(vectors)).build());
    }

    private static SearchRequest.Builder search(float... query) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex("idx").setTopK(2);
        for (float f : query) {
            b.addQuery(f);
        }
        return b;
    }

    /** Asserts the status and message, and that the index still holds exactly a, b, c. */
    private static void rejected(Executable call, Status.Code code, String message) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code))
                .hasMessageContaining(message);
        assertThat(fixture.indexes(key).describeIndex(DescribeIndexRequest.newBuilder().setName("idx").build()).getVectorCount())
                .isEqualTo(3);
    }

    @Test
    void wrongDimension() {
        rejected(() -> upsert(vector("d", 1, 2, 3)), Status.Code.INVALID_ARGUMENT, "has dimension 3; the index has dimension 4");
        rejected(() -> fixture.vectors(key).search(search(1, 2).build()), Status.Code.INVALID_ARGUMENT, "query vector has dimension 2");
    }

    @Test
    void nanAndInfinity() {
        rejected(() -> upsert(vector("d", 1, Float.NaN, 0, 0)), Status.Code.INVALID_ARGUMENT, "non-finite value (NaN) at position 1");
        rejected(() -> upsert(vector("d", Float.POSITIVE_INFINITY, 0, 0, 0)), Status.Code.INVALID_ARGUMENT, "non-finite value (Infinity)");
        rejected(() -> fixture.vectors(key).search(search(1, 0, Float.NEGATIVE_INFINITY, 0).build()),
                Status.Code.INVALID_ARGUMENT, "non-finite");
    }

    @Test
    void emptyVector() {
        rejected(() -> upsert(vector("d")), Status.Code.INVALID_ARGUMENT, "vector 'd' is empty");
        rejected(() -> fixture.vectors(key).search(search().build()), Status.Code.INVALID_ARGUMENT, "query vector is empty");
    }

    @Test
    void emptyAndOversizeIds() {
        rejected(() -> upsert(vector("", 1, 0, 0, 0)), Status.Code.INVALID_ARGUMENT, "vector id must not be empty");
        rejected(() -> upsert(vector("x".repeat(257), 1, 0, 0, 0)), Status.Code.INVALID_ARGUMENT, "257 bytes of UTF-8; the limit is 256");
        rejected(() -> upsert(vector("é".repeat(129), 1, 0, 0, 0)), Status.Code.INVALID_ARGUMENT, "258 bytes");
        rejected(() -> fixture.vectors(key).get(GetRequest.newBuilder().setIndex("idx").addIds("").build()),
                Status.Code.INVALID_ARGUMENT, "must not be empty");
    }

    @Test
    void oversizeMetadata() {
        Vector big = vector("d", 1, 0, 0, 0).toBuilder().putMetadata("k", "v".repeat(Limits.MAX_METADATA_BYTES)).build();
        rejected(() -> upsert(big), Status.Code.INVALID_ARGUMENT, "bytes of metadata; the limit is 16384");
        Vector.Builder many = vector("d", 1, 0, 0, 0).toBuilder();
        for (int i = 0; i <= Limits.MAX_METADATA_ENTRIES; i++) {
            many.putMetadata("k" + i, "v");
        }
        rejected(() -> upsert(many.build()), Status.Code.INVALID_ARGUMENT, "65 metadata entries; the limit is 64");
    }

    @Test
    void oversizeAndEmptyBatchesAndMessages() {
        List<Vector> batch = new ArrayList<>();
        for (int i = 0; i <= Limits.MAX_BATCH; i++) {
            batch.add(vector("n" + i, 1, 1, 1, 1));
        }
        rejected(() -> upsert(batch.toArray(Vector[]::new)), Status.Code.INVALID_ARGUMENT, "1001 items; the limit is 1000");
        rejected(() -> upsert(), Status.Code.INVALID_ARGUMENT, "upsert needs at least one item");
        Vector huge = vector("h", 1, 0, 0, 0).toBuilder().putMetadata("k", "v".repeat(3 << 20)).build();
        rejected(() -> upsert(huge), Status.Code.RESOURCE_EXHAUSTED, "");
    }

    @Test
    void oneBadVectorRejectsTheWholeBatch() {
        rejected(() -> upsert(vector("ok1", 1, 1, 0, 0), vector("ok2", 0, 1, 1, 0), vector("bad", 0, 0, Float.NaN, 0)),
                Status.Code.INVALID_ARGUMENT, "vector 'bad'");
        assertThat(fixture.vectors(key).get(GetRequest.newBuilder().setIndex("idx").addIds("ok1").addIds("ok2").build())
                .getVectorsCount()).isZero();
    }

    @Test
    void topKAndEfOutOfRange() {
        rejected(() -> fixture.vectors(key).search(search(1, 0, 0, 0).setTopK(0).build()), Status.Code.INVALID_ARGUMENT,
                "top_k must be 1..1000, got 0");
        rejected(() -> fixture.vectors(key).search(search(1, 0, 0, 0).setTopK(1001).build()), Status.Code.INVALID_ARGUMENT,
                "top_k must be 1..1000, got 1001");
        rejected(() -> fixture.vectors(key).search(search(1, 0, 0, 0).setEf(10_001).build()), Status.Code.INVALID_ARGUMENT,
                "ef must be");
    }

    @Test
    void unknownIndexIsNotFound() {
        rejected(() -> fixture.vectors(key).search(search(1, 0, 0, 0).setIndex("nope").build()), Status.Code.NOT_FOUND, "nope");
        rejected(() -> fixture.vectors(key).upsert(UpsertRequest.newBuilder().setIndex("nope").addVectors(vector("a", 1, 0, 0, 0)).build()),
                Status.Code.NOT_FOUND, "nope");
        rejected(() -> fixture.indexes(key).describeIndex(DescribeIndexRequest.newBuilder().setName("nope").build()),
                Status.Code.NOT_FOUND, "nope");
        rejected(() -> fixture.vectors(key).delete(DeleteRequest.newBuilder().setIndex("nope").addIds("a").build()),
                Status.Code.NOT_FOUND, "nope");
        rejected(() -> fixture.vectors(key).search(search(1, 0, 0, 0).setIndex("").build()), Status.Code.INVALID_ARGUMENT,
                "index name is required");
    }

    @Test
    void duplicateAndInvalidIndexes() {
        rejected(() -> fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("idx")).build()),
                Status.Code.ALREADY_EXISTS, "idx");
        rejected(() -> fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(spec("big").toBuilder().setDimension(4097)).build()), Status.Code.INVALID_ARGUMENT, "dimension must be 1..4096");
        rejected(() -> fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(spec("nometric").toBuilder().setMetric(Metric.METRIC_UNSPECIFIED)).build()), Status.Code.INVALID_ARGUMENT, "metric");
        rejected(() -> fixture.indexes(key).createIndex(CreateIndexRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
                "spec is required");
    }

    @Test
    void searchBatchLimitsAndPositions() {
        SearchBatchRequest.Builder tooMany = SearchBatchRequest.newBuilder();
        for (int i = 0; i <= Limits.MAX_SEARCH_BATCH; i++) {
            tooMany.addSearches(search(1, 0, 0, 0));
        }
        rejected(() -> fixture.vectors(key).searchBatch(tooMany.build()), Status.Code.INVALID_ARGUMENT, "101 searches");
        rejected(() -> fixture.vectors(key).searchBatch(SearchBatchRequest.newBuilder()
                .addSearches(search(1, 0, 0, 0)).addSearches(search(1, 0, 0, 0).setIndex("nope")).build()),
                Status.Code.NOT_FOUND, "searches[1]");
    }

    @Test
    void validSearchStillFindsTheNearest() {
        SearchResponse r = fixture.vectors(key).search(search(0.9f, 0.1f, 0, 0).build());
        assertThat(r.getHitsList()).extracting(h -> h.getId()).startsWith("a");
        assertThat(r.getHits(0).getScore()).isGreaterThan(r.getHits(1).getScore());
        assertThat(r.getPartial()).isFalse();
    }
}
