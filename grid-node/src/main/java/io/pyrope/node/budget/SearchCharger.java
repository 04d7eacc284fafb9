package io.pyrope.node.budget;

import io.pyrope.domain.SearchCharge;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.BudgetPolicy;

/**
 * After a search: turns its measured work into cost, charges the tenant, teaches the calibration
 * and the latency guardrails, and writes the charge into the result.
 */
public final class SearchCharger {
    private final UsageLedger ledger;
    private final LatencyGuards guards;
    private final CostCalibration calibration;
    private final BudgetMeters meters;

    public SearchCharger(UsageLedger ledger, LatencyGuards guards, CostCalibration calibration, BudgetMeters meters) {
        this.ledger = ledger;
        this.guards = guards;
        this.calibration = calibration;
        this.meters = meters;
    }

    public SearchResult charge(TenantId tenant, BudgetPolicy policy, SearchQuery requested, EffortPlan plan,
                               SearchResult result, long latencyNanos) {
        double cost = CostModel.units(result.work());
        String key = EffortGovernor.key(tenant, plan.shape());
        calibration.observe(key, plan.structuralWork(), result.work());
        ledger.chargeSearch(tenant, Math.round(cost * 1e6), plan.degraded());
        guards.record(tenant, policy.latencyP99Ms(), policy.minEffort(), latencyNanos);
        meters.searched(tenant, cost, plan.estimatedCost(), plan.degraded() ? plan.reason() : null);
        return result.withCharge(new SearchCharge(requested.ef(), requested.nprobe(), plan.scale(), plan.reason(), cost,
                plan.estimatedCost()));
    }

    /**
     * Charges a background prefetch search to the tenant as prefetch (its own usage counter and
     * meter); it teaches neither the calibration nor the latency guardrails, which describe the
     * tenant's own searches. Returns the cost in units.
     */
    public double chargePrefetch(TenantId tenant, SearchResult result) {
        double cost = CostModel.units(result.work());
        ledger.chargePrefetch(tenant, Math.round(cost * 1e6));
        meters.prefetched(tenant, cost);
        return cost;
    }
}
