package io.pyrope.node.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.ExhaustedAction;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Usage;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A budget spent from two nodes at once, 8 client threads on each: every search served is
 * counted exactly once cluster-wide, and the overspend stays within the stated bound — what the
 * cluster charges in one usage flush interval, plus the searches in flight when the budget ran out.
 */
class TwoNodeBudgetTest {
    private static final int FLUSH_MS = 200;
    private static final int THREADS_PER_NODE = 8;
    private static NodeFixture a;
    private static NodeFixture b;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(18);
        Map<String, String> env = Map.of("PYROPE_BUDGETS_USAGE_FLUSH_MS", Integer.toString(FLUSH_MS));
        a = NodeFixture.start(ports, "budget-a", env);
        Map<String, String> envB = new java.util.HashMap<>(env);
        envB.put("PYROPE_PORT_OFFSET", "1");
        b = NodeFixture.start(ports, "budget-b", envB);
    }

    @AfterAll
    static void stop() throws Exception {
        b.close();
        a.close();
    }

    @Test
    void spendFromTwoNodesIsCountedOnceAndOvershootsAtMostTheStatedBound() throws Exception {
        String key = a.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("shared").build()).getApiKey();
        a.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName("v").setDimension(16)
                .setMetric(Metric.COSINE)).build());
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex("v");
        for (int i = 0; i < 600; i++) {
            up.addVectors(vector("v" + i, values(i)));
        }
        a.vectors(key).upsert(up.build());
        double one = a.vectors(key).search(search(0)).getCost();
        double budget = one * 400;
        a.admin(NodeFixture.ADMIN_KEY).setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId("shared")
                .setQuotas(TenantQuotas.getDefaultInstance())
                .setBudget(BudgetPolicy.newBuilder().setMonthlyBudget(budget).setPacing(false).setOnExhausted(ExhaustedAction.REJECT))
                .build());
        // The policy reaches node b through the metadata cache and its continuous query.
        await().untilAsserted(() -> assertThat(b.admin(key).getTenantPolicy(
                io.pyrope.api.v1.GetTenantPolicyRequest.getDefaultInstance()).getBudget().getMonthlyBudget()).isEqualTo(budget));

        AtomicLong served = new AtomicLong(1);
        DoubleAdder charged = new DoubleAdder();
        charged.add(one);
        AtomicLong maxCostBits = new AtomicLong(Double.doubleToLongBits(one));
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (NodeFixture node : List.of(a, b)) {
                for (int t = 0; t < THREADS_PER_NODE; t++) {
                    int seed = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; ; i++) {
                            try {
                                double c = node.vectors(key).search(search(seed * 10_000 + i)).getCost();
                                served.incrementAndGet();
                                charged.add(c);
                                maxCostBits.accumulateAndGet(Double.doubleToLongBits(c),
                                        (x, y) -> Double.longBitsToDouble(x) >= Double.longBitsToDouble(y) ? x : y);
                            } catch (StatusRuntimeException e) {
                                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                                return;
                            }
                        }
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        // After both nodes flushed, each sees the same, exact totals.
        await().untilAsserted(() -> {
            Usage onA = usage(a);
            Usage onB = usage(b);
            assertThat(onA.getSearches()).isEqualTo(served.get());
            assertThat(onB.getSearches()).isEqualTo(served.get());
            assertThat(onA.getSpent()).isCloseTo(charged.sum(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(onB.getSpent()).isCloseTo(onA.getSpent(), org.assertj.core.data.Offset.offset(1e-9));
            // Every client thread ended on a refusal; node b's refusals arrive with its next flush.
            assertThat(onA.getRejected()).isGreaterThanOrEqualTo(2 * THREADS_PER_NODE);
        });
        double spent = usage(a).getSpent();
        double ratePerSecond = spent / seconds;
        double maxCost = Double.longBitsToDouble(maxCostBits.get());
        // Stated bound (docs/API.md): one flush interval of the cluster's charging, plus one search per client thread.
        double bound = ratePerSecond * (FLUSH_MS + 100) / 1000.0 + 2 * THREADS_PER_NODE * maxCost;
        System.out.printf("two-node budget: budget %.4f, spent %.4f, overspend %.4f, bound %.4f (rate %.2f units/s, max cost %.4f)%n",
                budget, spent, spent - budget, bound, ratePerSecond, maxCost);
        assertThat(spent).isGreaterThanOrEqualTo(budget);
        assertThat(spent - budget).as("overspend (rate %.2f units/s, max cost %.4f)", ratePerSecond, maxCost)
                .isLessThanOrEqualTo(bound);
    }

    private static Usage usage(NodeFixture node) {
        return node.admin(NodeFixture.ADMIN_KEY).getUsage(GetUsageRequest.newBuilder().setTenantId("shared").build());
    }

    private static SearchRequest search(int seed) {
        // Budgets are about searches that run: the result caches are bypassed (a hit is free).
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex("v").setTopK(10).setBypassCache(true);
        for (float f : values(1_000_000 + seed)) {
            b.addQuery(f);
        }
        return b.build();
    }

    private static float[] values(int seed) {
        Random r = new Random(seed);
        float[] v = new float[16];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
