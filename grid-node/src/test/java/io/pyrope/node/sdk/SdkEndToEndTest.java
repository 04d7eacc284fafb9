package io.pyrope.node.sdk;

import io.grpc.StatusRuntimeException;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.client.ApiKey;
import io.pyrope.client.ClusterInfo;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.TenantUsage;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.Metric;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pyrope.domain.CacheLevel;
import io.pyrope.domain.SearchOptions;
import io.pyrope.domain.SearchOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Java SDK ({@link PyropeClient} over the Ignite thin client) against a real single node:
 * the data path end to end, admin calls, and bad input getting the same status as over gRPC.
 */
class SdkEndToEndTest {
    private static final TestPorts PORTS = TestPorts.slot(9);
    private static NodeFixture fixture;
    private static PyropeClient client;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(PORTS, "sdk-e2e", Map.of());
        client = connect(NodeFixture.DEFAULT_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static PyropeClient connect(String key) {
        return PyropeClient.builder().addresses("127.0.0.1:" + PORTS.thin()).apiKey(key)
                .requestTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void createUpsertGetSearchDeleteDrop() {
        IndexInfo created = client.createIndex(IndexSpec.of("sdk_crud", 4, Metric.COSINE));
        assertThat(created.spec().dimension()).isEqualTo(4);
        assertThat(client.upsert("sdk_crud", List.of(
                new VectorRecord("a", new float[]{1, 0, 0, 0}, Map.of("lang", "en")),
                new VectorRecord("b", new float[]{0, 1, 0, 0}, Map.of("lang", "de")),
                new VectorRecord("c", new float[]{0.9f, 0.1f, 0, 0}, Map.of("lang", "en"))))).isEqualTo(3);

        List<VectorRecord> got = client.get("sdk_crud", List.of("c", "missing", "a"));
        assertThat(got).extracting(VectorRecord::id).containsExactly("c", "a");
        assertThat(got.get(1).values()).containsExactly(1, 0, 0, 0);
        assertThat(got.get(1).metadata()).containsEntry("lang", "en");

        // Read-your-writes: the search right after the acknowledged upsert sees every vector.
        SearchResult r = client.search("sdk_crud", new SearchQuery(new float[]{1, 0, 0, 0}, 2, 0, null, true, false));
        assertThat(r.hits()).extracting(SearchHit::id).containsExactly("a", "c");
        assertThat(r.hits().get(0).score()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
        assertThat(r.hits().get(0).metadata()).containsEntry("lang", "en");
        assertThat(r.partial()).isFalse();

        assertThat(client.searchAsync("sdk_crud", SearchQuery.of(new float[]{0, 1, 0, 0}, 1)).join().hits().get(0).id()).isEqualTo("b");
        List<SearchResult> batch = client.searchBatch("sdk_crud", List.of(SearchQuery.of(new float[]{0, 1, 0, 0}, 1),
                SearchQuery.of(new float[]{1, 0, 0, 0}, 1)));
        assertThat(batch).extracting(b -> b.hits().get(0).id()).containsExactly("b", "a");

        assertThat(client.describeIndex("sdk_crud").vectorCount()).isEqualTo(3);
        assertThat(client.listIndexes()).extracting(i -> i.spec().name()).contains("sdk_crud");

        assertThat(client.delete("sdk_crud", List.of("a", "nope"))).isEqualTo(1);
        assertThat(client.get("sdk_crud", List.of("a"))).isEmpty();
        assertThat(client.search("sdk_crud", SearchQuery.of(new float[]{1, 0, 0, 0}, 1)).hits().get(0).id()).isEqualTo("c");

        assertThat(client.dropIndex("sdk_crud")).isEqualTo(2);
        assertCode(() -> client.describeIndex("sdk_crud"), ErrorCode.NOT_FOUND);
    }

    @Test
    void theSearchOutcomeSaysWhichCacheLevelAnswered() {
        client.createIndex(IndexSpec.of("sdk_outcome", 4, Metric.COSINE));
        client.upsert("sdk_outcome", List.of(new VectorRecord("a", new float[]{1, 0, 0, 0}),
                new VectorRecord("b", new float[]{0, 1, 0, 0})));
        SearchQuery q = SearchQuery.of(new float[]{1, 0.1f, 0, 0}, 1);
        SearchOutcome first = client.searchOutcome("sdk_outcome", q);
        assertThat(first.level()).isEqualTo(CacheLevel.NONE);
        assertThat(first.result().hits()).extracting(SearchHit::id).containsExactly("a");
        SearchOutcome again = client.searchOutcome("sdk_outcome", q);
        assertThat(again.level()).isEqualTo(CacheLevel.EXACT);
        assertThat(again.result().hits()).extracting(SearchHit::id, SearchHit::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", first.result().hits().get(0).score()));
        assertThat(again.serverNanos()).isPositive();
        assertThat(client.searchOutcome("sdk_outcome", q, SearchOptions.bypassing()).level()).isEqualTo(CacheLevel.BYPASSED);
        // A query key: another vector under the same key gets the key's result.
        SearchOutcome keyed = client.searchOutcome("sdk_outcome", SearchQuery.of(new float[]{0, 1, 0, 0}, 1),
                SearchOptions.keyed("first letter"));
        assertThat(keyed.level()).isEqualTo(CacheLevel.NONE);
        SearchOutcome sameKey = client.searchOutcome("sdk_outcome", SearchQuery.of(new float[]{0, 0.9f, 0.1f, 0}, 1),
                SearchOptions.keyed("first letter"));
        assertThat(sameKey.level()).isEqualTo(CacheLevel.EXACT);
        assertThat(sameKey.result().hits()).extracting(SearchHit::id).containsExactly("b");
        client.dropIndex("sdk_outcome");
    }

    @Test
    void badInputGetsTheSameStatusAsOverGrpc() {
        client.createIndex(IndexSpec.of("sdk_bad", 4, Metric.COSINE));
        client.upsert("sdk_bad", List.of(new VectorRecord("keep", new float[]{1, 0, 0, 0})));
        String key = NodeFixture.DEFAULT_KEY;

        sameStatus(ErrorCode.INVALID_ARGUMENT,
                () -> client.upsert("sdk_bad", List.of(new VectorRecord("short", new float[]{1, 0}))),
                () -> fixture.vectors(key).upsert(upsert("sdk_bad", new VectorRecord("short", new float[]{1, 0}))));
        sameStatus(ErrorCode.INVALID_ARGUMENT,
                () -> client.upsert("sdk_bad", List.of(new VectorRecord("nan", new float[]{1, Float.NaN, 0, 0}))),
                () -> fixture.vectors(key).upsert(upsert("sdk_bad", new VectorRecord("nan", new float[]{1, Float.NaN, 0, 0}))));
        sameStatus(ErrorCode.INVALID_ARGUMENT,
                () -> client.search("sdk_bad", SearchQuery.of(new float[]{1, 0, 0, 0}, 0)),
                () -> fixture.vectors(key).search(ProtoMapping.toProto("sdk_bad", SearchQuery.of(new float[]{1, 0, 0, 0}, 0))));
        sameStatus(ErrorCode.NOT_FOUND,
                () -> client.search("no_such_index", SearchQuery.of(new float[]{1, 0, 0, 0}, 1)),
                () -> fixture.vectors(key).search(ProtoMapping.toProto("no_such_index", SearchQuery.of(new float[]{1, 0, 0, 0}, 1))));
        sameStatus(ErrorCode.ALREADY_EXISTS,
                () -> client.createIndex(IndexSpec.of("sdk_bad", 4, Metric.COSINE)),
                () -> fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder()
                        .setSpec(ProtoMapping.toProto(IndexSpec.of("sdk_bad", 4, Metric.COSINE))).build()));
        try (PyropeClient wrongKey = connect("not-a-key")) {
            sameStatus(ErrorCode.UNAUTHENTICATED, wrongKey::listIndexes,
                    () -> fixture.indexes("not-a-key").listIndexes(io.pyrope.api.v1.ListIndexesRequest.getDefaultInstance()));
        }
        // Nothing changed.
        assertThat(client.describeIndex("sdk_bad").vectorCount()).isEqualTo(1);
        client.dropIndex("sdk_bad");
    }

    @Test
    void rolesPoliciesAndUsageThroughTheSdk() {
        try (PyropeClient admin = connect(NodeFixture.ADMIN_KEY)) {
            TenantId tenant = new TenantId("sdk-budget");
            ApiKey owner = admin.createTenant(tenant, "");
            admin.setTenantPolicy(tenant, new TenantPolicy(new TenantQuotas(0, 0, 0, 2, 0),
                    BudgetPolicy.UNLIMITED.withMonthlyBudget(500)));
            try (PyropeClient tenantAdmin = connect(owner.secret())) {
                assertThat(tenantAdmin.tenantPolicy(null).quotas().maxIndexes()).isEqualTo(2);
                ApiKey readerKey = tenantAdmin.issueKey(tenant, KeyRole.READER);
                tenantAdmin.createIndex(IndexSpec.of("budgeted", 4, Metric.COSINE));
                tenantAdmin.upsert("budgeted", List.of(new VectorRecord("a", new float[]{1, 0, 0, 0})));
                try (PyropeClient reader = connect(readerKey.secret())) {
                    SearchResult r = reader.search("budgeted", SearchQuery.of(new float[]{1, 0, 0, 0}, 1));
                    assertThat(r.charge().cost()).isGreaterThan(0);
                    assertThatThrownBy(() -> reader.upsert("budgeted", List.of(new VectorRecord("b", new float[]{0, 1, 0, 0}))))
                            .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
                    TenantUsage usage = reader.usage(null);
                    assertThat(usage.searches()).isEqualTo(1);
                    assertThat(usage.budget()).isEqualTo(500.0);
                    assertThat(usage.spent()).isEqualTo(r.charge().cost());
                }
            }
            assertThat(admin.usage(tenant).searches()).isEqualTo(1);
        }
    }

    @Test
    void adminCallsTenantIsolationAndClusterInfo() {
        try (PyropeClient admin = connect(NodeFixture.ADMIN_KEY)) {
            ApiKey key = admin.createTenant(new TenantId("sdk-tenant"), "SDK tenant");
            assertThat(key.tenant().value()).isEqualTo("sdk-tenant");
            assertThat(key.secret()).isNotBlank();
            ApiKey second = admin.issueKey(new TenantId("sdk-tenant"));

            client.createIndex(IndexSpec.of("sdk_private", 2, Metric.L2));
            try (PyropeClient tenant = connect(key.secret()); PyropeClient tenant2 = connect(second.secret())) {
                // Another tenant's index is NOT_FOUND, exactly as a missing one.
                assertCode(() -> tenant.describeIndex("sdk_private"), ErrorCode.NOT_FOUND);
                tenant.createIndex(IndexSpec.of("sdk_private", 2, Metric.L2));
                tenant.upsert("sdk_private", List.of(new VectorRecord("t", new float[]{1, 1})));
                assertThat(tenant2.get("sdk_private", List.of("t"))).hasSize(1);
                assertThat(client.get("sdk_private", List.of("t"))).isEmpty();
                assertCode(() -> tenant.createTenant(new TenantId("evil"), "x"), ErrorCode.PERMISSION_DENIED);

                ClusterInfo info = tenant.clusterInfo();
                assertThat(info.nodes()).isNotEmpty();
                assertThat(info.partitions()).isPositive();

                assertThat(admin.revokeKey(second.keyId())).isTrue();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(
                        () -> assertCode(() -> tenant2.listIndexes(), ErrorCode.UNAUTHENTICATED));
                assertThat(tenant.listIndexes()).hasSize(1);
            }
            client.dropIndex("sdk_private");
        }
    }

    private static UpsertRequest upsert(String index, VectorRecord v) {
        return UpsertRequest.newBuilder().setIndex(index).addVectors(ProtoMapping.toProto(v, true)).build();
    }

    private static void sameStatus(ErrorCode expected, Runnable sdkCall, Supplier<?> grpcCall) {
        assertCode(sdkCall, expected);
        assertThatThrownBy(grpcCall::get).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode().value()).isEqualTo(expected.grpcCode()));
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PyropeException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
