package io.pyrope.domain;

/** A tenant's quotas and budget policy, as the cluster admin set them (defaults: unlimited). */
public record TenantPolicy(TenantQuotas quotas, BudgetPolicy budget) {
    public static final TenantPolicy DEFAULT = new TenantPolicy(TenantQuotas.UNLIMITED, BudgetPolicy.UNLIMITED);

    public TenantPolicy {
        quotas = quotas == null ? TenantQuotas.UNLIMITED : quotas;
        budget = budget == null ? BudgetPolicy.UNLIMITED : budget;
    }
}
