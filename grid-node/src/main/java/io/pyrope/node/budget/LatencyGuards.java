package io.pyrope.node.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pyrope.domain.TenantId;

import java.time.Clock;
import java.util.Optional;

/**
 * The node's SLO guardrails: one {@link LatencyGuard} for the whole node (if the node config sets
 * a p99 target) and one per tenant whose policy sets one. A tenant's guard is replaced when its
 * target changes.
 */
public final class LatencyGuards {
    private final Clock clock;
    private final Optional<LatencyGuard> node;
    private final Cache<String, LatencyGuard> tenants = Caffeine.newBuilder().maximumSize(10_000).build();

    /** @param nodeTargetMs node-wide p99 target, 0 = none */
    public LatencyGuards(Clock clock, double nodeTargetMs, double floor) {
        this.clock = clock;
        this.node = nodeTargetMs > 0 ? Optional.of(new LatencyGuard(clock, nodeTargetMs, floor)) : Optional.empty();
    }

    /** The effort factor for a tenant's next search: the smaller of the node's and the tenant's. */
    public double factor(TenantId tenant, double tenantTargetMs, double floor) {
        double f = node.map(LatencyGuard::factor).orElse(1.0);
        LatencyGuard g = tenantGuard(tenant, tenantTargetMs, floor);
        return g == null ? f : Math.min(f, g.factor());
    }

    public void record(TenantId tenant, double tenantTargetMs, double floor, long latencyNanos) {
        node.ifPresent(n -> n.record(latencyNanos));
        LatencyGuard g = tenantGuard(tenant, tenantTargetMs, floor);
        if (g != null) {
            g.record(latencyNanos);
        }
    }

    private LatencyGuard tenantGuard(TenantId tenant, double targetMs, double floor) {
        if (targetMs <= 0) {
            return null;
        }
        LatencyGuard g = tenants.get(tenant.value(), k -> new LatencyGuard(clock, targetMs, floor));
        if (g.targetMs() != targetMs) {
            g = new LatencyGuard(clock, targetMs, floor);
            tenants.put(tenant.value(), g);
        }
        return g;
    }
}
