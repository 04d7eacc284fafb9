package io.pyrope.api;

import io.pyrope.api.v1.Usage;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.ExhaustedAction;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.domain.TenantUsage;

/** Tenant policy, usage and key roles between their protobuf and domain forms (node and SDK share it). */
public final class TenancyMapping {
    private TenancyMapping() {
    }

    public static KeyRole toDomain(io.pyrope.api.v1.KeyRole role) {
        return switch (role) {
            case READER -> KeyRole.READER;
            case WRITER, KEY_ROLE_UNSPECIFIED -> KeyRole.WRITER;
            case TENANT_ADMIN -> KeyRole.TENANT_ADMIN;
            default -> throw PyropeException.invalid("role must be READER, WRITER or TENANT_ADMIN");
        };
    }

    public static TenantPolicy toDomain(io.pyrope.api.v1.TenantQuotas q, io.pyrope.api.v1.BudgetPolicy b) {
        TenantQuotas quotas = new TenantQuotas(q.getRequestsPerSecond(), q.getBurst(), q.getMaxVectors(),
                q.getMaxIndexes(), q.getMaxRequestBytes());
        BudgetPolicy d = BudgetPolicy.UNLIMITED;
        BudgetPolicy budget = new BudgetPolicy(b.getMonthlyBudget(),
                b.hasDegradeBelow() ? b.getDegradeBelow() : d.degradeBelow(),
                b.hasMinEffort() ? b.getMinEffort() : d.minEffort(),
                b.hasPacing() ? b.getPacing() : d.pacing(),
                b.hasPaceTolerance() ? b.getPaceTolerance() : d.paceTolerance(),
                toDomain(b.getOnExhausted()), b.getLatencyP99Ms());
        return new TenantPolicy(quotas, budget);
    }

    public static io.pyrope.api.v1.KeyRole toProto(KeyRole role) {
        return io.pyrope.api.v1.KeyRole.valueOf(role.name());
    }

    public static TenantUsage toDomain(Usage u) {
        return new TenantUsage(java.time.YearMonth.of((int) u.getYear(), (int) u.getMonth()), u.getSpent(), u.getBudget(),
                u.getSearches(), u.getDegraded(), u.getRejected(), u.getPrefetchSpent(), u.getPrefetches());
    }

    private static ExhaustedAction toDomain(io.pyrope.api.v1.ExhaustedAction a) {
        return switch (a) {
            case REJECT -> ExhaustedAction.REJECT;
            case CACHE_ONLY -> ExhaustedAction.CACHE_ONLY;
            case MIN_EFFORT, EXHAUSTED_ACTION_UNSPECIFIED -> ExhaustedAction.MIN_EFFORT;
            default -> throw PyropeException.invalid("on_exhausted must be REJECT, MIN_EFFORT or CACHE_ONLY");
        };
    }

    public static io.pyrope.api.v1.TenantPolicy toProto(TenantId tenant, TenantPolicy p) {
        TenantQuotas q = p.quotas();
        BudgetPolicy b = p.budget();
        return io.pyrope.api.v1.TenantPolicy.newBuilder()
                .setTenantId(tenant.value())
                .setQuotas(io.pyrope.api.v1.TenantQuotas.newBuilder()
                        .setRequestsPerSecond(q.requestsPerSecond()).setBurst(q.burst()).setMaxVectors(q.maxVectors())
                        .setMaxIndexes(q.maxIndexes()).setMaxRequestBytes(q.maxRequestBytes()))
                .setBudget(io.pyrope.api.v1.BudgetPolicy.newBuilder()
                        .setMonthlyBudget(b.monthlyBudget()).setDegradeBelow(b.degradeBelow()).setMinEffort(b.minEffort())
                        .setPacing(b.pacing()).setPaceTolerance(b.paceTolerance())
                        .setOnExhausted(io.pyrope.api.v1.ExhaustedAction.valueOf(b.onExhausted().name()))
                        .setLatencyP99Ms(b.latencyP99Ms()))
                .build();
    }

    public static Usage toProto(TenantId tenant, TenantUsage u) {
        return Usage.newBuilder()
                .setTenantId(tenant.value())
                .setYear(u.month().getYear())
                .setMonth(u.month().getMonthValue())
                .setSpent(u.spent())
                .setBudget(u.budget())
                .setRemaining(u.budget() > 0 ? u.remaining() : -1)
                .setSearches(u.searches())
                .setDegraded(u.degraded())
                .setRejected(u.rejected())
                .setPrefetchSpent(u.prefetchSpent())
                .setPrefetches(u.prefetches())
                .build();
    }
}
