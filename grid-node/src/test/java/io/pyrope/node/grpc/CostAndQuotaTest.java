package io.pyrope.node.grpc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.EffortReason;
import io.pyrope.api.v1.ExhaustedAction;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.KeyRole;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Usage;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import io.pyrope.node.audit.AuditLog;
import io.pyrope.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Roles, audit, quotas, budgets and cost-based degradation through gRPC on a real node whose
 * Pyrope code runs on a test clock (so months can turn).
 */
class CostAndQuotaTest {
    private static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    private static final int DIM = 16;

    private static final MutableClock CLOCK = MutableClock.at("2026-12-20T12:00:00Z");
    private static final ListAppender<ILoggingEvent> AUDIT = new ListAppender<>();
    private static NodeFixture fixture;

    @BeforeAll
    static void start() {
        AUDIT.start();
        Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        audit.setLevel(Level.INFO);
        audit.addAppender(AUDIT);
        // Flush usage often so that GetUsage on this node matches at once anyway (it adds its own pending part).
        fixture = NodeFixture.start(TestPorts.slot(13), "cost", Map.of("PYROPE_BUDGETS_USAGE_FLUSH_MS", "50"), CLOCK);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
        ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(AUDIT);
    }

    @Test
    void rolesLimitWhatAKeyMayDoAndAdminActionsAreAudited() {
        String adminKey = tenant("roles");
        String reader = fixture.admin(adminKey).issueKey(IssueKeyRequest.newBuilder().setRole(KeyRole.READER).build()).getApiKey();
        String writer = fixture.admin(adminKey).issueKey(IssueKeyRequest.newBuilder().setRole(KeyRole.WRITER).build()).getApiKey();
        createIndex(adminKey, "docs");

        fails(() -> createIndex(writer, "nope"), Status.Code.PERMISSION_DENIED, "CreateIndex needs a TENANT_ADMIN key");
        fails(() -> fixture.vectors(reader).upsert(upsert("docs", 0, 3)), Status.Code.PERMISSION_DENIED, "Upsert needs a WRITER key");
        fixture.vectors(writer).upsert(upsert("docs", 0, 3));
        assertThat(fixture.vectors(reader).search(search("docs", 0)).getHitsCount()).isEqualTo(3);
        assertThat(fixture.admin(reader).getUsage(GetUsageRequest.getDefaultInstance()).getSearches()).isEqualTo(1);
        fails(() -> fixture.admin(writer).issueKey(IssueKeyRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED, "TENANT_ADMIN");
        fails(() -> fixture.admin(adminKey).issueKey(IssueKeyRequest.newBuilder().setTenantId("default").build()),
                Status.Code.PERMISSION_DENIED, "only manage its own tenant");
        fails(() -> fixture.admin(adminKey).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId("roles").build()),
                Status.Code.PERMISSION_DENIED, "cluster admin key");
        // Another tenant's key id cannot be revoked (nor told apart from a missing one).
        String otherKeyId = fixture.admin(NodeFixture.ADMIN_KEY).issueKey(IssueKeyRequest.newBuilder().setTenantId("default").build()).getKeyId();
        assertThat(fixture.admin(adminKey).revokeKey(RevokeKeyRequest.newBuilder().setKeyId(otherKeyId).build()).getRevoked()).isFalse();

        List<String> lines = new ArrayList<>();
        AUDIT.list.forEach(e -> lines.add(e.getFormattedMessage()));
        assertThat(lines).anyMatch(l -> l.contains("actor=admin") && l.contains("action=CreateTenant target=roles outcome=OK"));
        assertThat(lines).anyMatch(l -> l.contains("actor=roles/") && l.contains("role=TENANT_ADMIN action=CreateIndex target=docs outcome=OK"));
        assertThat(lines).anyMatch(l -> l.contains("role=WRITER action=CreateIndex target=nope outcome=PERMISSION_DENIED"));
        assertThat(lines).anyMatch(l -> l.contains("action=RevokeKey target=" + otherKeyId + " outcome=OK"));
        assertThat(lines).allMatch(l -> l.startsWith("at=2026-") || l.startsWith("at=2027-"));
        assertThat(String.join("\n", lines)).doesNotContain(adminKey).doesNotContain(reader).doesNotContain(writer)
                .doesNotContain(NodeFixture.ADMIN_KEY);
    }

    @Test
    void quotasRefuseWithResourceExhaustedAndChangeNothing() {
        String key = tenant("quota");
        setPolicy("quota", TenantQuotas.newBuilder().setMaxIndexes(1).setMaxVectors(10).setMaxRequestBytes(4_000).build(),
                BudgetPolicy.getDefaultInstance());
        createIndex(key, "only");
        fails(() -> createIndex(key, "second"), Status.Code.RESOURCE_EXHAUSTED, "max_indexes is 1");

        fixture.vectors(key).upsert(upsert("only", 0, 8));
        fails(() -> fixture.vectors(key).upsert(upsert("only", 8, 5)), Status.Code.RESOURCE_EXHAUSTED, "max_vectors of 10");
        // At the limit, replacing existing ids still passes: ids 6, 7 exist, 8 and 9 are new -> 10.
        fixture.vectors(key).upsert(upsert("only", 6, 4));
        assertThat(count(key, "only")).isEqualTo(10);
        fails(() -> fixture.vectors(key).upsert(upsert("only", 10, 1)), Status.Code.RESOURCE_EXHAUSTED, "max_vectors");
        fails(() -> fixture.vectors(key).upsert(upsert("only", 0, 60)), Status.Code.RESOURCE_EXHAUSTED, "max_request_bytes of 4000");
        assertThat(count(key, "only")).as("refused requests changed nothing").isEqualTo(10);

        // Rate: the test clock stands still, so exactly the burst gets through.
        setPolicy("quota", TenantQuotas.newBuilder().setRequestsPerSecond(5).setBurst(5).build(), BudgetPolicy.getDefaultInstance());
        int admitted = 0;
        StatusRuntimeException refused = null;
        for (int i = 0; i < 8; i++) {
            try {
                fixture.vectors(key).search(search("only", i));
                admitted++;
            } catch (StatusRuntimeException e) {
                refused = e;
            }
        }
        assertThat(admitted).isEqualTo(5);
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("rate limit of 5 requests/s");
        assertThat(Long.parseLong(refused.getTrailers().get(RETRY_AFTER))).isBetween(1L, 1000L);
        assertThat(fixture.admin(NodeFixture.ADMIN_KEY).getUsage(GetUsageRequest.newBuilder().setTenantId("quota").build())
                .getRejected()).isGreaterThanOrEqualTo(3 + 3);
        CLOCK.advance(Duration.ofSeconds(1));
        fixture.vectors(key).search(search("only", 0));
        setPolicy("quota", TenantQuotas.getDefaultInstance(), BudgetPolicy.getDefaultInstance());
    }

    @Test
    void searchesAreChargedAndABudgetRunsOutThenRenewsNextMonth() {
        CLOCK.set(Instant.parse("2026-12-31T20:00:00Z"));
        String key = tenant("spender");
        createIndex(key, "v");
        fixture.vectors(key).upsert(upsert("v", 0, 400));
        SearchResponse first = fixture.vectors(key).search(search("v", 1));
        assertThat(first.getCost()).isGreaterThan(0);
        assertThat(first.getWork()).isGreaterThan(0);
        assertThat(first.getCost()).isEqualTo(first.getWork() / 1e6);
        assertThat(first.getEstimatedCost()).isGreaterThan(0);
        assertThat(first.getEffortReason()).isEqualTo(EffortReason.EFFORT_FULL);
        assertThat(first.getEffortScale()).isEqualTo(1.0);
        // Through the result caches, the first search runs and is charged; its repeat is an exact hit, free.
        SearchRequest cachedQuery = search("v", 2).toBuilder().setBypassCache(false).build();
        assertThat(fixture.vectors(key).search(cachedQuery).getCost()).isGreaterThan(0);
        SearchResponse hit = fixture.vectors(key).search(cachedQuery);
        assertThat(hit.getCacheLevel()).isEqualTo(io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_EXACT);
        assertThat(hit.getCost()).isZero();

        double budget = first.getCost() * 20;
        setPolicy("spender", TenantQuotas.getDefaultInstance(), BudgetPolicy.newBuilder().setMonthlyBudget(budget)
                .setPacing(false).setOnExhausted(ExhaustedAction.REJECT).build());
        double maxCost = first.getCost();
        StatusRuntimeException refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            try {
                maxCost = Math.max(maxCost, fixture.vectors(key).search(search("v", i)).getCost());
            } catch (StatusRuntimeException e) {
                refused = e;
            }
        }
        assertThat(refused).as("the budget ran out").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getStatus().getDescription()).contains("monthly budget").contains("renews on 2027-01-01");
        assertThat(Long.parseLong(refused.getTrailers().get(RETRY_AFTER))).isEqualTo(Duration.ofHours(4).toMillis());
        Usage december = usage("spender", 0, 0);
        assertThat(december.getYear()).isEqualTo(2026);
        assertThat(december.getMonth()).isEqualTo(12);
        // One node: it sees all spend, so the overshoot is at most the last search admitted.
        assertThat(december.getSpent()).isGreaterThanOrEqualTo(budget).isLessThanOrEqualTo(budget + maxCost);
        assertThat(december.getRemaining()).isEqualTo(0.0);
        assertThat(december.getRejected()).isGreaterThanOrEqualTo(1);

        CLOCK.set(Instant.parse("2027-01-01T00:00:05Z"));
        SearchResponse january = fixture.vectors(key).search(search("v", 3));
        assertThat(january.getCost()).isGreaterThan(0);
        Usage jan = usage("spender", 0, 0);
        assertThat(jan.getYear()).isEqualTo(2027);
        assertThat(jan.getMonth()).isEqualTo(1);
        assertThat(jan.getSearches()).isEqualTo(1);
        assertThat(usage("spender", 2026, 12).getSpent()).as("December kept").isEqualTo(december.getSpent());
        fails(() -> usage("spender", 2026, 13), Status.Code.INVALID_ARGUMENT, "calendar month");
    }

    @Test
    void effortFallsAsTheBudgetRunsDownAndTheResponseSaysWhy() {
        CLOCK.set(Instant.parse("2026-12-20T12:00:00Z"));
        String key = tenant("degrade");
        createIndex(key, "g");
        fixture.vectors(key).upsert(upsert("g", 0, 750));
        fixture.vectors(key).upsert(upsert("g", 750, 750));
        // Enough spend to position the budget against: a flush in flight (counted twice for a
        // moment, see UsageLedger) must not move the position across the degradation threshold.
        for (int i = 0; i < 30; i++) {
            fixture.vectors(key).search(search("g", 1_000 + i));
        }
        int previousEf = Integer.MAX_VALUE;
        double previousScale = 2;
        List<String> seen = new ArrayList<>();
        for (double remaining : new double[]{1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.005}) {
            double spent = usage("degrade", 0, 0).getSpent();
            double budget = remaining >= 1.0 ? spent * 1000 : spent / (1.0 - remaining);
            setPolicy("degrade", TenantQuotas.getDefaultInstance(), BudgetPolicy.newBuilder().setMonthlyBudget(budget)
                    .setPacing(false).setDegradeBelow(0.25).setMinEffort(0.1).build());
            SearchResponse r = fixture.vectors(key).search(search("g", 7).toBuilder().setEf(200).build());
            seen.add(remaining + " -> ef " + r.getEfUsed() + " " + r.getEffortReason() + " scale " + r.getEffortScale());
            assertThat(r.getEfRequested()).isEqualTo(200);
            assertThat(r.getEffortScale()).as(seen.toString()).isLessThanOrEqualTo(previousScale);
            assertThat(r.getEfUsed()).as(seen.toString()).isLessThanOrEqualTo(previousEf).isGreaterThanOrEqualTo(10);
            assertThat(r.getEffortReason()).isEqualTo(remaining >= 0.25 ? EffortReason.EFFORT_FULL : EffortReason.EFFORT_BUDGET);
            previousEf = r.getEfUsed();
            previousScale = r.getEffortScale();
        }
        assertThat(previousEf).as(seen.toString()).isLessThan(100);
    }

    /**
     * The stated error of the cost estimate: once calibrated on an index (20 searches), the
     * median measured/estimated ratio is within 25 % of 1 and 90 % of searches within a factor 2.
     */
    @Test
    void calibratedEstimateTracksMeasuredCost() throws Exception {
        String key = tenant("estimate");
        createIndex(key, "e");
        for (int from = 0; from < 3_000; from += 1_000) {
            fixture.vectors(key).upsert(upsert("e", from, 1_000));
        }
        Thread.sleep(1_000); // past the build deferral: searches hit graphs as well as heads
        for (int i = 0; i < 20; i++) {
            fixture.vectors(key).search(search("e", i));
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SearchResponse r = fixture.vectors(key).search(search("e", 100 + i).toBuilder().setEf(16 + (i % 5) * 32).build());
            ratios.add(r.getCost() / r.getEstimatedCost());
        }
        ratios.sort(Double::compare);
        double median = ratios.get(50);
        long withinTwo = ratios.stream().filter(x -> x >= 0.5 && x <= 2.0).count();
        assertThat(median).as("median measured/estimate, all: %s", ratios).isBetween(0.75, 1.25);
        assertThat(withinTwo).as("within a factor 2: %s", ratios).isGreaterThanOrEqualTo(90);
    }

    @Test
    void aCacheOnlyTenantWithASpentBudgetGetsCachedAnswersOnly() {
        String key = tenant("cacheonly");
        createIndex(key, "c");
        fixture.vectors(key).upsert(upsert("c", 0, 200));
        SearchRequest cached = search("c", 1).toBuilder().setBypassCache(false).build();
        double cost = fixture.vectors(key).search(cached).getCost();
        setPolicy("cacheonly", TenantQuotas.getDefaultInstance(), BudgetPolicy.newBuilder().setMonthlyBudget(cost / 2)
                .setPacing(false).setOnExhausted(ExhaustedAction.CACHE_ONLY).build());
        assertThat(fixture.vectors(key).search(cached).getCacheLevel()).isEqualTo(io.pyrope.api.v1.CacheLevel.CACHE_LEVEL_EXACT);
        fails(() -> fixture.vectors(key).search(search("c", 2).toBuilder().setBypassCache(false).build()),
                Status.Code.RESOURCE_EXHAUSTED, "answers from caches only");
    }

    /** SLO guardrail end to end: a p99 target no search can meet makes effort step down, with reason LATENCY. */
    @Test
    void aMissedLatencyTargetDegradesEffortWithReasonLatency() {
        CLOCK.set(Instant.parse("2026-12-10T12:00:00Z"));
        String key = tenant("slo");
        createIndex(key, "s");
        fixture.vectors(key).upsert(upsert("s", 0, 300));
        setPolicy("slo", TenantQuotas.getDefaultInstance(), BudgetPolicy.newBuilder().setLatencyP99Ms(0.001).setMinEffort(0.2).build());
        for (int i = 0; i < 30; i++) {
            fixture.vectors(key).search(search("s", i).toBuilder().setEf(100).build());
        }
        CLOCK.advance(Duration.ofMillis(300)); // the guard re-evaluates at most every 250 ms (test clock)
        SearchResponse r = fixture.vectors(key).search(search("s", 99).toBuilder().setEf(100).build());
        assertThat(r.getEffortReason()).isEqualTo(EffortReason.EFFORT_LATENCY);
        assertThat(r.getEffortScale()).isLessThan(1.0).isGreaterThanOrEqualTo(0.2);
        assertThat(r.getEfUsed()).isLessThan(100).isGreaterThanOrEqualTo(10);
    }

    @Test
    void aTenantAdminReadsItsPolicyButNotAnothers() {
        String key = tenant("reads");
        setPolicy("reads", TenantQuotas.newBuilder().setMaxIndexes(3).build(), BudgetPolicy.newBuilder().setMonthlyBudget(42).build());
        var p = fixture.admin(key).getTenantPolicy(GetTenantPolicyRequest.getDefaultInstance());
        assertThat(p.getQuotas().getMaxIndexes()).isEqualTo(3);
        assertThat(p.getBudget().getMonthlyBudget()).isEqualTo(42.0);
        assertThat(p.getBudget().getMinEffort()).as("defaults filled in").isEqualTo(0.25);
        fails(() -> fixture.admin(key).getTenantPolicy(GetTenantPolicyRequest.newBuilder().setTenantId("default").build()),
                Status.Code.PERMISSION_DENIED, "own tenant");
        fails(() -> setPolicy("reads", TenantQuotas.newBuilder().setRequestsPerSecond(-1).build(), BudgetPolicy.getDefaultInstance()),
                Status.Code.INVALID_ARGUMENT, "requests_per_second");
        fails(() -> setPolicy("reads", TenantQuotas.getDefaultInstance(), BudgetPolicy.newBuilder().setMinEffort(0).build()),
                Status.Code.INVALID_ARGUMENT, "min_effort");
        fails(() -> setPolicy("ghost", TenantQuotas.getDefaultInstance(), BudgetPolicy.getDefaultInstance()),
                Status.Code.NOT_FOUND, "ghost");
        assertThat(fixture.admin(key).getTenantPolicy(GetTenantPolicyRequest.getDefaultInstance()).getQuotas().getMaxIndexes())
                .as("rejected policies changed nothing").isEqualTo(3);
    }

    private static String tenant(String id) {
        return fixture.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId(id).build()).getApiKey();
    }

    private static void setPolicy(String tenant, TenantQuotas quotas, BudgetPolicy budget) {
        fixture.admin(NodeFixture.ADMIN_KEY).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId(tenant)
                .setQuotas(quotas).setBudget(budget).build());
    }

    private static Usage usage(String tenant, int year, int month) {
        return fixture.admin(NodeFixture.ADMIN_KEY).getUsage(GetUsageRequest.newBuilder().setTenantId(tenant)
                .setYear(year).setMonth(month).build());
    }

    private static void createIndex(String key, String name) {
        fixture.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(name)
                .setDimension(DIM).setMetric(Metric.COSINE)).build());
    }

    private static long count(String key, String index) {
        return fixture.indexes(key).describeIndex(DescribeIndexRequest.newBuilder().setName(index).build()).getVectorCount();
    }

    private static UpsertRequest upsert(String index, int from, int n) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
        for (int i = from; i < from + n; i++) {
            b.addVectors(vector("v" + i, values(i)));
        }
        return b.build();
    }

    private static SearchRequest search(String index, int seed) {
        // Budgets are about searches that run: the result caches are bypassed (a hit is free).
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex(index).setTopK(10).setBypassCache(true);
        for (float f : values(1_000_000 + seed)) {
            b.addQuery(f);
        }
        return b.build();
    }

    private static float[] values(int seed) {
        Random r = new Random(seed);
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static void fails(Executable call, Status.Code code, String message) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }
}
