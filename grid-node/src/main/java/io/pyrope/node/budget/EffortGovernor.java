package io.pyrope.node.budget;

import io.pyrope.compute.IndexShape;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.QuotaExceededException;
import io.pyrope.domain.SearchEffort;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantUsage;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Decides how hard a search may work: the budget's verdict ({@link DegradationPolicy}) and the SLO
 * guardrails ({@link LatencyGuards}) each give a fraction of the requested effort; the smaller
 * wins, never below the tenant's floor; ef (HNSW, never below top_k) or nprobe (IVF, at least
 * one list) follows. A spent budget rejects or
 * goes cache-only as the tenant's policy says, with the time until the month turns as retry hint.
 */
public final class EffortGovernor {
    private final UsageLedger ledger;
    private final LatencyGuards guards;
    private final CostCalibration calibration;
    private final BudgetMeters meters;
    private final Clock clock;

    public EffortGovernor(UsageLedger ledger, LatencyGuards guards, CostCalibration calibration, BudgetMeters meters,
                          Clock clock) {
        this.ledger = ledger;
        this.meters = meters;
        this.guards = guards;
        this.calibration = calibration;
        this.clock = clock;
    }

    public EffortPlan plan(TenantId tenant, BudgetPolicy policy, IndexShape shape, SearchQuery query) {
        Instant now = clock.instant();
        BudgetVerdict verdict = BudgetVerdict.FULL;
        if (policy.limited()) {
            TenantUsage usage = ledger.usage(tenant, YearMonth.from(now.atZone(ZoneOffset.UTC)), policy.monthlyBudget());
            verdict = DegradationPolicy.decide(policy, usage.spent(), now);
            if (verdict.action() != BudgetVerdict.Action.RUN) {
                ledger.countRejected(tenant);
                meters.rejected("budget");
                throw exhausted(tenant, policy, usage, now, verdict.action() == BudgetVerdict.Action.CACHE_ONLY);
            }
        }
        double latency = guards.factor(tenant, policy.latencyP99Ms(), policy.minEffort());
        double scale = verdict.scale();
        EffortReason reason = verdict.reason();
        if (latency < scale) {
            scale = Math.max(policy.minEffort(), latency);
            reason = scale < verdict.scale() ? EffortReason.LATENCY : reason;
        }
        SearchQuery effective = scale >= 1.0 ? query
                : shape.spec().isIvf() ? query.withNprobe(scaledNprobe(query, shape, scale))
                : query.withEf(scaledEf(query, shape, scale));
        double structural = CostModel.estimateWork(shape, effective);
        return new EffortPlan(effective, shape, Math.min(1.0, scale), reason, structural, calibrated(tenant, shape, structural));
    }

    /** The calibrated cost estimate (units) of {@code query} at the effort it asks for, before any budget. */
    public double estimate(TenantId tenant, IndexShape shape, SearchQuery query) {
        return calibrated(tenant, shape, CostModel.estimateWork(shape, query));
    }

    private double calibrated(TenantId tenant, IndexShape shape, double structural) {
        return CostModel.units((long) calibration.calibrate(key(tenant, shape), structural));
    }

    /**
     * Whether the tenant's budget allows a background prefetch now: only at full effort. A tenant
     * whose budget or pacing already degrades its own searches (or that has spent it) is short,
     * and gets no prefetch on top. Counts nothing: a skipped prefetch is not a refused request.
     */
    public boolean affordsPrefetch(TenantId tenant, BudgetPolicy policy) {
        if (!policy.limited()) {
            return true;
        }
        Instant now = clock.instant();
        TenantUsage usage = ledger.usage(tenant, YearMonth.from(now.atZone(ZoneOffset.UTC)), policy.monthlyBudget());
        BudgetVerdict verdict = DegradationPolicy.decide(policy, usage.spent(), now);
        return verdict.action() == BudgetVerdict.Action.RUN && !verdict.degraded();
    }

    /** The requested (or default, for this node's graphs) ef scaled down, never below top_k. */
    static int scaledEf(SearchQuery query, IndexShape shape, double scale) {
        int full;
        if (query.ef() > 0) {
            full = query.effectiveEf();
        } else {
            full = SearchEffort.resolve(0, query.topK(), shape.vectorsPerSegment());
        }
        return Math.max(query.topK(), (int) Math.round(full * scale));
    }

    /** The requested (or the index's default) nprobe scaled down, at least one list. */
    static int scaledNprobe(SearchQuery query, IndexShape shape, double scale) {
        int full = shape.spec().resolveNprobe(query.nprobe());
        return Math.max(1, (int) Math.round(full * scale));
    }

    static String key(TenantId tenant, IndexShape shape) {
        return tenant.value() + '/' + shape.spec().name();
    }

    private static QuotaExceededException exhausted(TenantId tenant, BudgetPolicy policy, TenantUsage usage, Instant now,
                                                    boolean cacheOnly) {
        YearMonth next = usage.month().plusMonths(1);
        long retry = next.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - now.toEpochMilli();
        String what = String.format("monthly budget of %.2f cost units for tenant '%s' is spent (%.2f in %s)",
                policy.monthlyBudget(), tenant, usage.spent(), usage.month());
        String then = cacheOnly ? "; its policy answers from caches only and no cache holds this query" : "";
        return new QuotaExceededException(what + then + "; it renews on " + next.atDay(1)
                + " 00:00 UTC, or an admin can raise it (AdminService/SetTenantPolicy)", retry);
    }
}
