package io.pyrope.node.advice;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Usage;
import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Warm-ups on a real node (no sidecar needed: they are driven directly): a warm-up searches at
 * the cluster's centroid, fills the semantic cache so that a later search near that centroid is a
 * hit, and is charged to the tenant as prefetch (GetUsage, meter); an already warm cluster is not
 * searched again; a tenant whose budget is short gets no prefetch until its budget allows it.
 */
class PrefetchBudgetTest {
    private static final String KEY = NodeFixture.DEFAULT_KEY;
    private static final TenantId TENANT = new TenantId("default");
    private static final int DIM = 8;
    private static final int CLUSTERS = 4;
    private static NodeFixture fixture;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(25);
        // Advice on, pointed at a port where no sidecar listens: warm-ups do not need one.
        fixture = NodeFixture.start(ports, "prefetch-budget", Map.of(
                "PYROPE_EMBEDDING_SIDECAR_PORT", Integer.toString(ports.base() + 50),
                "PYROPE_BUDGETS_USAGE_FLUSH_MS", "50"));
        fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName("docs")
                .setDimension(DIM).setMetric(Metric.COSINE).setCentroids(CLUSTERS)).build());
        Random rnd = new Random(3);
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex("docs");
        for (int i = 0; i < CLUSTERS * 30; i++) {
            float[] v = new float[DIM];
            v[i % CLUSTERS] = 1;
            for (int d = 0; d < DIM; d++) {
                v[d] += (float) (0.05 * rnd.nextGaussian());
            }
            up.addVectors(NodeFixture.vector("v" + i, v));
        }
        fixture.vectors(KEY).upsert(up.build());
        await().atMost(Duration.ofSeconds(90)).until(() -> fixture.indexes(KEY)
                .describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getCentroids().getTrained() == CLUSTERS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aWarmUpFillsTheCacheIsChargedAsPrefetchAndIsSkippedWhileTheBudgetIsShort() {
        WarmUps warmUps = fixture.node().services().advice().orElseThrow().warmUps().orElseThrow();
        StoredCentroids centroids = fixture.node().grid().catalog().centroids(TENANT, "docs").orElseThrow();
        SearchQuery shape = SearchQuery.of(new float[DIM], 5);

        assertThat(warmUps.warm(TENANT, "docs", shape, 0, centroids.version())).isEqualTo("issued");
        Usage afterOne = usage();
        assertThat(afterOne.getPrefetches()).isEqualTo(1);
        assertThat(afterOne.getPrefetchSpent()).isPositive();
        assertThat(afterOne.getSpent()).as("prefetch counts towards the budget").isGreaterThanOrEqualTo(afterOne.getPrefetchSpent());
        assertThat(afterOne.getSearches()).as("not a search of the tenant's").isZero();
        assertThat(meters().get("pyrope.prefetch.spend").tag("tenant", "default").counter().count()).isPositive();

        // A search near that centroid is answered by the warmed entry.
        float[] near = Arrays.copyOfRange(centroids.data(), 0, DIM);
        near[DIM - 1] += 0.01f;
        SearchRequest.Builder q = SearchRequest.newBuilder().setIndex("docs").setTopK(5);
        for (float f : near) {
            q.addQuery(f);
        }
        assertThat(fixture.vectors(KEY).search(q.build()).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_SEMANTIC);

        assertThat(warmUps.warm(TENANT, "docs", shape, 0, centroids.version())).as("already warm").isEqualTo("skipped_cached");
        assertThat(warmUps.warm(TENANT, "docs", shape, 1, centroids.version() + 1))
                .as("cluster numbering of other centroids").isEqualTo("skipped_stale");

        // 90 % of the budget spent: the tenant's own searches already run degraded, so no prefetch.
        setBudget(afterOne.getSpent() / 0.9);
        assertThat(warmUps.warm(TENANT, "docs", shape, 1, centroids.version())).isEqualTo("skipped_budget");
        assertThat(usage().getPrefetches()).isEqualTo(1);
        assertThat(meters().get("pyrope.prefetch.requests").tag("outcome", "skipped_budget").counter().count()).isEqualTo(1);

        setBudget(1e9);
        assertThat(warmUps.warm(TENANT, "docs", shape, 1, centroids.version())).isEqualTo("issued");
        assertThat(usage().getPrefetches()).isEqualTo(2);
    }

    private static void setBudget(double units) {
        fixture.admin(NodeFixture.ADMIN_KEY).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId("default")
                .setQuotas(TenantQuotas.getDefaultInstance())
                .setBudget(BudgetPolicy.newBuilder().setMonthlyBudget(units).setPacing(false)).build());
    }

    private static Usage usage() {
        return fixture.admin(NodeFixture.ADMIN_KEY).getUsage(GetUsageRequest.newBuilder().setTenantId("default").build());
    }

    private static MeterRegistry meters() {
        return fixture.node().metrics().registry();
    }
}
