package io.pyrope.node.budget;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.TenantId;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Budget metrics: cost units charged per tenant ({@code pyrope.budget.spend}), searches run at
 * reduced effort by reason ({@code pyrope.search.degraded}), requests refused by quota or budget
 * ({@code pyrope.quota.rejected}, by what), and the estimate's error as measured / estimated
 * ({@code pyrope.cost.estimate.ratio}; 1 = exact); of the spend, what background prefetch searches cost
 * ({@code pyrope.prefetch.spend}).
 */
public final class BudgetMeters {
    private final MeterRegistry registry;
    private final DistributionSummary estimateRatio;
    // Looked up once, not built per search (a builder allocates and hashes a meter id every time).
    private final Map<String, Counter> spendByTenant = new ConcurrentHashMap<>();
    private final Map<String, Counter> prefetchByTenant = new ConcurrentHashMap<>();
    private final Map<EffortReason, Counter> degradedByReason = new EnumMap<>(EffortReason.class);

    /** What a refusal can be for (the {@code quota} tag). */
    public static final List<String> QUOTAS = List.of("rate", "request_bytes", "vectors", "indexes", "budget");

    public BudgetMeters(MeterRegistry registry) {
        this.registry = registry;
        this.estimateRatio = DistributionSummary.builder("pyrope.cost.estimate.ratio")
                .description("measured search cost / pre-search estimate")
                .publishPercentiles(0.1, 0.5, 0.9)
                .register(registry);
        // Every series exists from the start (at 0), so dashboards and alerts see them before the first event.
        for (EffortReason reason : EffortReason.values()) {
            if (reason != EffortReason.FULL) {
                degradedByReason.put(reason, Counter.builder("pyrope.search.degraded").description("searches run at reduced effort")
                        .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
            }
        }
        QUOTAS.forEach(this::rejectedCounter);
    }

    void searched(TenantId tenant, double cost, double estimate, EffortReason degradedBy) {
        spend(tenant).increment(cost);
        if (estimate > 0 && cost > 0) {
            estimateRatio.record(cost / estimate);
        }
        if (degradedBy != null) {
            degradedByReason.get(degradedBy).increment();
        }
    }

    void prefetched(TenantId tenant, double cost) {
        prefetchByTenant.computeIfAbsent(tenant.value(), t -> Counter.builder("pyrope.prefetch.spend")
                .description("cost units charged for background prefetch searches (included in pyrope.budget.spend)")
                .baseUnit("units").tag("tenant", t).register(registry)).increment(cost);
        spend(tenant).increment(cost);
    }

    private Counter spend(TenantId tenant) {
        return spendByTenant.computeIfAbsent(tenant.value(), t -> Counter.builder("pyrope.budget.spend")
                .description("cost units charged").baseUnit("units").tag("tenant", t).register(registry));
    }

    public void rejected(String what) {
        rejectedCounter(what).increment();
    }

    private Counter rejectedCounter(String what) {
        return Counter.builder("pyrope.quota.rejected").description("requests refused by quota or budget")
                .tag("quota", what).register(registry);
    }
}
