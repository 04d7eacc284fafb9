package io.pyrope.node.cache;

import java.util.Map;

/**
 * The semantic similarity threshold of a (tenant, index): "tenant/index" override, else "tenant"
 * override, else the default; never below the floor (which bounds how far freshness checks reach).
 */
final class SemanticThresholds {
    private final double defaultThreshold;
    private final double floor;
    private final Map<String, Double> overrides;

    SemanticThresholds(double defaultThreshold, double floor, Map<String, Double> overrides) {
        this.defaultThreshold = defaultThreshold;
        this.floor = floor;
        this.overrides = Map.copyOf(overrides);
    }

    double of(String tenant, String index) {
        Double v = overrides.get(tenant + "/" + index);
        if (v == null) {
            v = overrides.getOrDefault(tenant, defaultThreshold);
        }
        return Math.max(floor, v);
    }

    /**
     * The largest distance between two unit vectors a semantic hit may join: |a - b|² = 2 - 2 cos
     * at the floor. A result serving a query up to this far away must depend on every cluster its
     * ball, widened by twice this, reaches.
     */
    double reach() {
        return Math.sqrt(Math.max(0, 2 - 2 * floor));
    }
}
