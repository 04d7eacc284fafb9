package io.pyrope.node.tenant;

import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.ExhaustedAction;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantQuotas;

/** A tenant's policy as stored in the metadata cache: flat fields (no records in Ignite caches). */
public final class TenantPolicyEntry {
    private double requestsPerSecond;
    private int burst;
    private long maxVectors;
    private int maxIndexes;
    private int maxRequestBytes;
    private double monthlyBudget;
    private double degradeBelow;
    private double minEffort;
    private boolean pacing;
    private double paceTolerance;
    private String onExhausted;
    private double latencyP99Ms;

    public TenantPolicyEntry() {
    }

    public static TenantPolicyEntry of(TenantPolicy p) {
        TenantPolicyEntry e = new TenantPolicyEntry();
        TenantQuotas q = p.quotas();
        e.requestsPerSecond = q.requestsPerSecond();
        e.burst = q.burst();
        e.maxVectors = q.maxVectors();
        e.maxIndexes = q.maxIndexes();
        e.maxRequestBytes = q.maxRequestBytes();
        BudgetPolicy b = p.budget();
        e.monthlyBudget = b.monthlyBudget();
        e.degradeBelow = b.degradeBelow();
        e.minEffort = b.minEffort();
        e.pacing = b.pacing();
        e.paceTolerance = b.paceTolerance();
        e.onExhausted = b.onExhausted().name();
        e.latencyP99Ms = b.latencyP99Ms();
        return e;
    }

    public TenantPolicy toPolicy() {
        return new TenantPolicy(new TenantQuotas(requestsPerSecond, burst, maxVectors, maxIndexes, maxRequestBytes),
                new BudgetPolicy(monthlyBudget, degradeBelow, minEffort, pacing, paceTolerance,
                        ExhaustedAction.valueOf(onExhausted), latencyP99Ms));
    }
}
