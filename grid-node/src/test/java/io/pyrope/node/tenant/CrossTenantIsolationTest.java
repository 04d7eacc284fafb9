package io.pyrope.node.tenant;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DeleteAliasRequest;
import io.pyrope.api.v1.EffortReason;
import io.pyrope.api.v1.ExhaustedAction;
import io.pyrope.api.v1.GetAliasRequest;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.SetAliasRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Usage;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two tenants with their own valid keys on a two-node cluster (both in this JVM, gRPC on
 * loopback), each with an index of the SAME name: tenant B can neither exhaust A's rate limit or
 * budget (B drives both of its own to exhaustion while A searches at full effort), nor read,
 * infer or change A's cached results, aliases, LLM-cache entries, usage or policy — over gRPC and
 * through the Java SDK (thin client). In order: exhaustion, then gRPC caches (A's alias and LLM
 * entry stay for the SDK step).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrossTenantIsolationTest {
    private static final int DIM = 8;
    private static NodeFixture n1;
    private static NodeFixture n2;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(29);
        Map<String, String> env = Map.of("PYROPE_BUDGETS_USAGE_FLUSH_MS", "50");
        n1 = NodeFixture.start(ports, "iso-1", env);
        Map<String, String> second = new HashMap<>(env);
        second.put("PYROPE_PORT_OFFSET", "1");
        n2 = NodeFixture.start(ports, "iso-2", second);
        keyA = n1.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("ta").build()).getApiKey();
        keyB = n1.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("tb").build()).getApiKey();
        for (String key : List.of(keyA, keyB)) {
            n1.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName("docs")
                    .setDimension(DIM).setMetric(Metric.COSINE)).build());
        }
        n1.vectors(keyA).upsert(data("a", 1));
        n2.vectors(keyB).upsert(data("b", 2));
    }

    @AfterAll
    static void stop() throws Exception {
        if (n2 != null) {
            n2.close();
        }
        if (n1 != null) {
            n1.close();
        }
    }

    @Test
    @Order(1)
    void bDrivingItsRateLimitAndBudgetToExhaustionLeavesAsSearchesUndegraded() throws Exception {
        try {
            exhaustB();
        } finally {
            policy("ta", 0, 0);
            policy("tb", 0, 0);
        }
    }

    private void exhaustB() throws Exception {
        double oneSearch = n1.vectors(keyB).search(search(0, true)).getCost();
        // A: a rate limit and a budget of its own, far from reached by its own load.
        policy("ta", 400, 1e6);
        // B: 20 requests/s cluster-wide and a budget of ~15 searches, rejected when spent.
        policy("tb", 20, oneSearch * 15);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger bRateRefusals = new AtomicInteger();
        AtomicInteger bBudgetRefusals = new AtomicInteger();
        ConcurrentLinkedQueue<String> bOther = new ConcurrentLinkedQueue<>();
        Thread b = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    (i % 2 == 0 ? n1 : n2).vectors(keyB).search(search(i, true));
                } catch (StatusRuntimeException e) {
                    String d = String.valueOf(e.getStatus().getDescription());
                    if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED && d.contains("rate limit")) {
                        bRateRefusals.incrementAndGet();
                    } else if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED && d.contains("monthly budget")) {
                        bBudgetRefusals.incrementAndGet();
                    } else {
                        bOther.add(e.getStatus().toString());
                    }
                }
            }
        }, "tenant-b");
        b.start();
        int aSearches = 0;
        DoubleAdder aCost = new DoubleAdder();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((bRateRefusals.get() < 50 || bBudgetRefusals.get() < 50 || aSearches < 200) && System.nanoTime() < deadline) {
                SearchResponse r = (aSearches % 2 == 0 ? n2 : n1).vectors(keyA).search(search(aSearches, true));
                assertThat(r.getPartial()).isFalse();
                assertThat(r.getEffortReason()).as("A's effort while B is exhausted").isEqualTo(EffortReason.EFFORT_FULL);
                assertThat(r.getEffortScale()).isEqualTo(1.0);
                assertThat(r.getHitsList()).isNotEmpty().allMatch(h -> h.getId().startsWith("a"));
                aCost.add(r.getCost());
                aSearches++;
                Thread.sleep(5);
            }
        } finally {
            running.set(false);
            b.join(30_000);
        }
        System.out.printf("tenant A: %d searches, all at full effort; tenant B: %d rate-limit and %d budget refusals%n",
                aSearches, bRateRefusals.get(), bBudgetRefusals.get());
        assertThat(bOther).isEmpty();
        assertThat(bRateRefusals.get()).isGreaterThanOrEqualTo(50);
        assertThat(bBudgetRefusals.get()).isGreaterThanOrEqualTo(50);
        int searchedByA = aSearches;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(usage("ta").getSearches()).isEqualTo(searchedByA));
        Usage a = usage("ta");
        assertThat(a.getRejected()).isZero();
        assertThat(a.getDegraded()).isZero();
        // A is charged exactly its own searches: nothing of B's spend.
        assertThat(a.getSpent()).isCloseTo(aCost.sum(), org.assertj.core.data.Offset.offset(aCost.sum() * 1e-6 + 1e-9));
        assertThat(usage("tb").getRejected()).isGreaterThanOrEqualTo(100);
    }

    @Test
    @Order(2)
    void bCannotSeeOrChangeAsCachedResultsAliasesLlmCacheUsageOrPolicy() {
        // Result caches: A's cached answer to a query is not B's answer to the same query bytes on its own
        // "docs", nor to a query next to it (B has no cache entry of its own yet: any hit would be A's).
        SearchRequest q = search(3, false);
        n1.vectors(keyA).search(q);
        assertThat(n1.vectors(keyA).search(q).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        SearchRequest near = q.toBuilder().setQuery(0, q.getQuery(0) + 1e-4f).build();
        SearchResponse bNear = n2.vectors(keyB).search(near);
        assertThat(bNear.getCacheLevel()).as("no exact or semantic hit on A's entry").isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(bNear.getHitsList()).extracting(SearchHit::getId).allMatch(id -> id.startsWith("b"));
        SearchResponse bSame = n1.vectors(keyB).search(q);
        assertThat(bSame.getCacheLevel()).isNotEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        assertThat(bSame.getHitsList()).extracting(SearchHit::getId).allMatch(id -> id.startsWith("b"));

        // Aliases: A's alias is invisible to B, is not used for B's searches, and B cannot delete it.
        cache(keyA, n1).setAlias(SetAliasRequest.newBuilder().setIndex("docs").setQueryKey("what is x")
                .setCanonicalKey("x?").setConfidence(0.99f).setTtlSeconds(3600).build());
        n1.vectors(keyA).search(search(4, false).toBuilder().setQueryKey("x?").build());
        assertThat(cache(keyA, n2).getAlias(GetAliasRequest.newBuilder().setIndex("docs").setQueryKey("what is x").build())
                .getFound()).isTrue();
        assertThat(cache(keyB, n2).getAlias(GetAliasRequest.newBuilder().setIndex("docs").setQueryKey("what is x").build())
                .getFound()).isFalse();
        SearchResponse bAliased = n2.vectors(keyB).search(search(5, false).toBuilder().setQueryKey("what is x").build());
        assertThat(bAliased.getCacheLevel()).isNotEqualTo(CacheLevel.CACHE_LEVEL_ALIAS_EXACT);
        assertThat(bAliased.getHitsList()).extracting(SearchHit::getId).allMatch(id -> id.startsWith("b"));
        assertThat(cache(keyB, n1).deleteAlias(DeleteAliasRequest.newBuilder().setIndex("docs").setQueryKey("what is x").build())
                .getDeleted()).isFalse();
        assertThat(cache(keyA, n1).getAlias(GetAliasRequest.newBuilder().setIndex("docs").setQueryKey("what is x").build())
                .getFound()).isTrue();

        // LLM-response cache: same namespace name, same embedding: B neither hits, counts nor invalidates A's entry.
        CacheEntry entry = CacheEntry.newBuilder().addAllEmbedding(List.of(1f, 0f, 0f, 0f))
                .setResponse(ByteString.copyFromUtf8("A's answer")).build();
        cache(keyA, n1).put(CachePutRequest.newBuilder().setNamespace("chat").setEntry(entry).build());
        CacheLookupRequest lookup = CacheLookupRequest.newBuilder().setNamespace("chat")
                .addAllEmbedding(List.of(1f, 0f, 0f, 0f)).setThreshold(0.5f).build();
        assertThat(cache(keyB, n2).lookup(lookup).getHit()).isFalse();
        assertThat(cache(keyB, n2).stats(CacheStatsRequest.newBuilder().setNamespace("chat").build()).getEntries()).isZero();
        assertThat(cache(keyB, n1).invalidate(CacheInvalidateRequest.newBuilder().setNamespace("chat").setAll(true).build())
                .getRemoved()).isZero();
        var aHit = cache(keyA, n2).lookup(lookup);
        assertThat(aHit.getHit()).isTrue();
        assertThat(aHit.getResponse().toStringUtf8()).isEqualTo("A's answer");

        // Usage and policy: B may not read A's.
        assertDenied(() -> n1.admin(keyB).getUsage(GetUsageRequest.newBuilder().setTenantId("ta").build()));
        assertDenied(() -> n2.admin(keyB).getTenantPolicy(GetTenantPolicyRequest.newBuilder().setTenantId("ta").build()));
        assertDenied(() -> n2.admin(keyB).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId("ta").build()));
    }

    @Test
    @Order(3)
    void throughTheJavaSdkBSeesAndChangesOnlyItsOwnData() {
        try (PyropeClient b = PyropeClient.builder().addresses("127.0.0.1:" + TestPorts.slot(29).thin()).apiKey(keyB)
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(b.get("docs", List.of("a1", "a2"))).as("A's ids in B's index of the same name").isEmpty();
            SearchResult r = b.search("docs", SearchQuery.of(new float[]{0.1f, 0.2f, 0.3f, 0.4f, -0.1f, -0.2f, 0.3f, 0.1f}, 5));
            assertThat(r.hits()).isNotEmpty().allMatch(h -> h.id().startsWith("b"));
            assertThat(b.getAlias("docs", "what is x")).isEmpty();
            assertThat(b.cacheStats("chat").entries()).isZero();
            long aBefore = n1.indexes(keyA).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount();
            try {
                b.upsert("docs", List.of(new VectorRecord("a1", new float[]{1, 1, 1, 1, 1, 1, 1, 1})));
                b.delete("docs", List.of("a2"));
                checkAUntouched(b, aBefore);
            } finally {
                b.delete("docs", List.of("a1"));
            }
        }
    }

    private static void checkAUntouched(PyropeClient b, long aBefore) {
        {
            assertThat(n1.indexes(keyA).describeIndex(DescribeIndexRequest.newBuilder().setName("docs").build()).getVectorCount())
                    .isEqualTo(aBefore);
            assertThat(n2.vectors(keyA).get(GetRequest.newBuilder().setIndex("docs").addIds("a1").addIds("a2")
                    .setIncludeVectors(true).build()).getVectorsList()).hasSize(2)
                    .allMatch(v -> v.getValues(0) != 1f || v.getValues(1) != 1f);
            assertThatThrownBy(() -> b.usage(new TenantId("ta"))).isInstanceOf(PyropeException.class)
                    .satisfies(e -> assertThat(((PyropeException) e).code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
        }
    }

    // --- helpers ---

    private static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    private static CacheServiceGrpc.CacheServiceBlockingStub cache(String key, NodeFixture node) {
        return NodeFixture.withKey(CacheServiceGrpc.newBlockingStub(node.channel()), key);
    }

    private static void policy(String tenant, double rps, double budget) {
        TenantQuotas quotas = TenantQuotas.newBuilder().setRequestsPerSecond(rps).setBurst((int) rps).build();
        BudgetPolicy b = BudgetPolicy.newBuilder().setMonthlyBudget(budget).setPacing(false)
                .setOnExhausted(ExhaustedAction.REJECT).build();
        n1.admin(NodeFixture.ADMIN_KEY).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId(tenant)
                .setQuotas(quotas).setBudget(b).build());
        // The policy reaches the other node through the metadata cache's continuous query.
        await().atMost(Duration.ofSeconds(10)).until(() -> n2.admin(NodeFixture.ADMIN_KEY)
                .getTenantPolicy(GetTenantPolicyRequest.newBuilder().setTenantId(tenant).build()).getBudget()
                .getMonthlyBudget() == budget);
    }

    private static Usage usage(String tenant) {
        return n2.admin(NodeFixture.ADMIN_KEY).getUsage(GetUsageRequest.newBuilder().setTenantId(tenant).build());
    }

    private static UpsertRequest data(String prefix, int seed) {
        java.util.Random r = new java.util.Random(seed);
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex("docs");
        for (int i = 0; i < 300; i++) {
            float[] v = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                v[d] = r.nextFloat() - 0.5f;
            }
            b.addVectors(vector(prefix + i, v));
        }
        return b.build();
    }

    private static SearchRequest search(int i, boolean bypassCache) {
        java.util.Random r = new java.util.Random(1000 + i);
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex("docs").setTopK(5).setBypassCache(bypassCache);
        for (int d = 0; d < DIM; d++) {
            b.addQuery(r.nextFloat() - 0.5f);
        }
        return b.build();
    }
}
