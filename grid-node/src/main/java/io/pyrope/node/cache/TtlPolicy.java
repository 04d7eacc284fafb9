package io.pyrope.node.cache;

import java.util.Map;

/**
 * TTL of a cached result from the write heat of its clusters: max for cold clusters, falling
 * smoothly and monotonically towards min as heat rises, half-way at the index's hot threshold:
 * {@code ttl = min + (max - min) * hot / (hot + heat)}.
 */
final class TtlPolicy {
    private final long minMs;
    private final long maxMs;
    private final double hotDefault;
    private final Map<String, Double> hotByIndex;

    /** @param hotByIndex "tenant/index" → hot threshold in writes per minute */
    TtlPolicy(long minMs, long maxMs, double hotDefault, Map<String, Double> hotByIndex) {
        if (minMs < 1 || maxMs < minMs || !(hotDefault > 0)) {
            throw new IllegalArgumentException("need 1 <= min <= max and hot > 0; got " + minMs + ", " + maxMs + ", " + hotDefault);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.hotDefault = hotDefault;
        this.hotByIndex = Map.copyOf(hotByIndex);
    }

    double hotThreshold(String tenant, String index) {
        return hotByIndex.getOrDefault(tenant + "/" + index, hotDefault);
    }

    /** A TTL from elsewhere (sidecar advice) within this policy's bounds. */
    long clamp(long ttlMs) {
        return Math.max(minMs, Math.min(maxMs, ttlMs));
    }

    long ttlMs(String tenant, String index, double heatPerMinute) {
        double hot = hotThreshold(tenant, index);
        double heat = Math.max(0, heatPerMinute);
        return minMs + Math.round((maxMs - minMs) * (hot / (hot + heat)));
    }
}
