package io.pyrope.client;

import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.Metric;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.domain.VectorRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InMemoryPyropeClientTest {
    private final InMemoryPyropeClient client = new InMemoryPyropeClient();

    @Test
    void keyRolesPolicyAndUsageBehaveAsOnTheServer() {
        InMemoryPyropeClient root = new InMemoryPyropeClient();
        TenantId t = new TenantId("roles");
        ApiKey owner = root.createTenant(t, "");
        InMemoryPyropeClient admin = root.withApiKey(owner.secret());
        admin.createIndex(IndexSpec.of("i", 2, Metric.L2));
        InMemoryPyropeClient reader = root.withApiKey(admin.issueKey(t, KeyRole.READER).secret());
        InMemoryPyropeClient writer = root.withApiKey(admin.issueKey(t, KeyRole.WRITER).secret());
        writer.upsert("i", List.of(new VectorRecord("a", new float[]{1, 0})));
        assertThatThrownBy(() -> reader.upsert("i", List.of(new VectorRecord("b", new float[]{0, 1}))))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> writer.createIndex(IndexSpec.of("j", 2, Metric.L2)))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        assertThatThrownBy(() -> admin.issueKey(TenantId.DEFAULT, KeyRole.READER))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        SearchResult r = reader.search("i", SearchQuery.of(new float[]{1, 0}, 1));
        assertThat(r.charge().cost()).isEqualTo(r.work() / 1e6).isGreaterThan(0);
        assertThat(reader.usage(null).searches()).isEqualTo(1);
        root.setTenantPolicy(t, new TenantPolicy(new TenantQuotas(10, 0, 0, 0, 0), BudgetPolicy.UNLIMITED.withMonthlyBudget(3)));
        assertThat(admin.tenantPolicy(null).quotas().requestsPerSecond()).isEqualTo(10.0);
        assertThat(root.usage(t).budget()).isEqualTo(3.0);
    }

    @Test
    void upsertGetSearchDeleteRoundTrip() {
        client.createIndex(IndexSpec.of("docs", 2, Metric.COSINE));
        client.upsert("docs", List.of(
                new VectorRecord("a", new float[]{1, 0}, Map.of("lang", "en")),
                new VectorRecord("b", new float[]{0, 1}, Map.of("lang", "de")),
                new VectorRecord("c", new float[]{1, 1}, Map.of("lang", "en"))));

        assertThat(client.describeIndex("docs").vectorCount()).isEqualTo(3);
        assertThat(client.get("docs", List.of("c", "zz", "a"))).extracting(VectorRecord::id).containsExactly("c", "a");
        assertThat(client.get("docs", List.of("a"), false).get(0).values()).isEmpty();

        SearchResult r = client.search("docs", SearchQuery.of(new float[]{1, 0.1f}, 2));
        assertThat(r.hits()).extracting(SearchHit::id).containsExactly("a", "c");
        assertThat(r.hits().get(0).metadata()).isEmpty();

        assertThat(client.delete("docs", List.of("a", "nope"))).isEqualTo(1);
        assertThat(client.search("docs", SearchQuery.of(new float[]{1, 0.1f}, 1)).hits().get(0).id()).isEqualTo("c");
        assertThat(client.dropIndex("docs")).isEqualTo(2);
        assertThat(client.listIndexes()).isEmpty();
    }

    @Test
    void scoresFollowTheServerDefinitions() {
        float[] q = {1, 2};
        float[] v = {3, -1};
        client.createIndex(IndexSpec.of("cos", 2, Metric.COSINE));
        client.createIndex(IndexSpec.of("dot", 2, Metric.DOT_PRODUCT));
        client.createIndex(IndexSpec.of("l2", 2, Metric.L2));
        for (String index : List.of("cos", "dot", "l2")) {
            client.upsert(index, List.of(new VectorRecord("v", v)));
        }
        assertThat(score("cos", q)).isCloseTo((float) (1 / (Math.sqrt(5) * Math.sqrt(10))), within(1e-6f));
        assertThat(score("dot", q)).isEqualTo(1f);
        assertThat(score("l2", q)).isCloseTo(1f / (1f + 4 + 9), within(1e-6f));
    }

    private float score(String index, float[] q) {
        return client.search(index, SearchQuery.of(q, 1)).hits().get(0).score();
    }

    @Test
    void searchIsExactAndFiltered() {
        client.createIndex(IndexSpec.of("grid", 1, Metric.L2));
        client.upsert("grid", IntStream.range(0, 100)
                .mapToObj(i -> new VectorRecord("v" + i, new float[]{i}, Map.of("parity", i % 2 == 0 ? "even" : "odd")))
                .toList());
        SearchQuery odd = new SearchQuery(new float[]{50.2f}, 3, 0, new MetadataFilter(Map.of("parity", "odd")), true, true);
        SearchResult r = client.search("grid", odd);
        assertThat(r.hits()).extracting(SearchHit::id).containsExactly("v51", "v49", "v53");
        assertThat(r.hits().get(0).metadata()).containsEntry("parity", "odd");
        assertThat(r.hits().get(0).values()).containsExactly(51f);
        assertThat(r.efUsed()).isEqualTo(64);

        List<SearchResult> batch = client.searchBatch("grid", List.of(SearchQuery.of(new float[]{0}, 1), SearchQuery.of(new float[]{99}, 1)));
        assertThat(batch).extracting(b -> b.hits().get(0).id()).containsExactly("v0", "v99");
    }

    @Test
    void badInputIsRejectedWithTheServerCodeAndChangesNothing() {
        client.createIndex(IndexSpec.of("docs", 2, Metric.COSINE));
        client.upsert("docs", List.of(new VectorRecord("keep", new float[]{1, 0})));

        assertCode(() -> client.upsert("docs", List.of(new VectorRecord("ok", new float[]{1, 1}),
                new VectorRecord("bad", new float[]{1, Float.NaN}))), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.upsert("docs", List.of(new VectorRecord("short", new float[]{1}))), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.upsert("docs", List.of(new VectorRecord("", new float[]{1, 1}))), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.upsert("docs", List.of()), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.search("docs", SearchQuery.of(new float[]{1, 0}, 0)), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.search("docs", SearchQuery.of(new float[]{1, 0}, 1001)), ErrorCode.INVALID_ARGUMENT);
        assertCode(() -> client.search("nope", SearchQuery.of(new float[]{1, 0}, 1)), ErrorCode.NOT_FOUND);
        assertCode(() -> client.createIndex(IndexSpec.of("docs", 3, Metric.L2)), ErrorCode.ALREADY_EXISTS);
        assertCode(() -> client.upsert("docs", null), ErrorCode.INVALID_ARGUMENT);

        assertThat(client.describeIndex("docs").vectorCount()).isEqualTo(1);
        assertThat(client.describeIndex("docs").spec().dimension()).isEqualTo(2);
    }

    @Test
    void theFakeHasNoResultCachesSoEveryOutcomeIsSearched() {
        client.createIndex(IndexSpec.of("outcomes", 2, Metric.COSINE));
        client.upsert("outcomes", List.of(new VectorRecord("x", new float[]{1, 0})));
        SearchQuery q = SearchQuery.of(new float[]{1, 0}, 1);
        client.searchOutcome("outcomes", q);
        var again = client.searchOutcome("outcomes", q);
        assertThat(again.level()).isEqualTo(io.pyrope.domain.CacheLevel.NONE);
        assertThat(again.result().hits().get(0).id()).isEqualTo("x");
        assertThat(client.searchOutcome("outcomes", q, io.pyrope.domain.SearchOptions.bypassing()).level())
                .isEqualTo(io.pyrope.domain.CacheLevel.BYPASSED);
    }

    @Test
    void asyncFailuresCompleteTheFutureInsteadOfThrowing() {
        CompletableFuture<SearchResult> f = client.searchAsync("missing", SearchQuery.of(new float[]{1}, 1));
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::join).hasCauseInstanceOf(PyropeException.class);
    }

    @Test
    void tenantsAreIsolatedAndKeysCanBeRevoked() {
        ApiKey acme = client.createTenant(new TenantId("acme"), "Acme");
        InMemoryPyropeClient asAcme = client.withApiKey(acme.secret());
        asAcme.createIndex(IndexSpec.of("private", 1, Metric.L2));

        // The default tenant cannot see acme's index, and gets the same NOT_FOUND as for a missing one.
        assertCode(() -> client.describeIndex("private"), ErrorCode.NOT_FOUND);
        assertThat(client.listIndexes()).isEmpty();
        assertThat(asAcme.listIndexes()).hasSize(1);

        assertCode(() -> asAcme.createTenant(new TenantId("evil"), "x"), ErrorCode.PERMISSION_DENIED);
        assertCode(() -> client.createTenant(new TenantId("acme"), "again"), ErrorCode.ALREADY_EXISTS);
        assertCode(() -> client.issueKey(new TenantId("ghost")), ErrorCode.NOT_FOUND);

        assertThat(client.listTenants()).extracting(t -> t.id().value()).containsExactly("acme", "default");
        assertCode(asAcme::listTenants, ErrorCode.PERMISSION_DENIED);
        ApiKey second = client.issueKey(new TenantId("acme"));
        assertThat(client.withApiKey(second.secret()).listIndexes()).hasSize(1);

        assertThat(client.revokeKey(acme.keyId())).isTrue();
        assertThat(client.revokeKey(acme.keyId())).isFalse();
        assertCode(asAcme::listIndexes, ErrorCode.UNAUTHENTICATED);
        assertCode(() -> client.withApiKey(acme.secret()), ErrorCode.UNAUTHENTICATED);

        assertThat(client.deleteTenant(new TenantId("acme"))).isEqualTo(new TenantDeletion(1, 1));
        assertCode(() -> client.withApiKey(second.secret()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> client.deleteTenant(new TenantId("acme")), ErrorCode.NOT_FOUND);
    }

    @Test
    void clusterInfoReportsShardsAndClosedClientFails() {
        client.createIndex(IndexSpec.of("docs", 1, Metric.L2));
        client.upsert("docs", List.of(new VectorRecord("a", new float[]{1})));
        ClusterInfo info = client.clusterInfo();
        assertThat(info.storedVectors("docs")).isEqualTo(1);
        assertThat(info.headVectors("docs")).isZero();
        client.close();
        assertCode(client::listIndexes, ErrorCode.UNAVAILABLE);
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PyropeException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
