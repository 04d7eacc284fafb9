package io.pyrope.node.cache;

import java.util.Map;

/**
 * The semantic similarity threshold of a (tenant, index): "tenant/index" override, else "tenant"
 * override, else the default; never below the floor (which bounds how far freshness checks reach).
 *
 * <p>Expensive queries may accept a looser match: a search that would cost more is worth more
 * when a near-identical cached answer exists. Up to {@code looseFromCost} (cost units, as charged)
 * the threshold holds; from there it falls smoothly to the (tenant, index)'s loose floor, reached
 * at {@code looseAtCost}. Both thresholds stay at or above the floor.
 */
final class SemanticThresholds {
    private final double defaultThreshold;
    private final double floor;
    private final Map<String, Double> overrides;
    private final double defaultLooseFloor;
    private final Map<String, Double> looseOverrides;
    private final double looseFromCost;
    private final double looseAtCost;

    SemanticThresholds(double defaultThreshold, double floor, Map<String, Double> overrides, double defaultLooseFloor,
                       Map<String, Double> looseOverrides, double looseFromCost, double looseAtCost) {
        this.defaultThreshold = defaultThreshold;
        this.floor = floor;
        this.overrides = Map.copyOf(overrides);
        this.defaultLooseFloor = defaultLooseFloor;
        this.looseOverrides = Map.copyOf(looseOverrides);
        this.looseFromCost = looseFromCost;
        this.looseAtCost = looseAtCost;
    }

    double of(String tenant, String index) {
        return Math.max(floor, scoped(overrides, tenant, index, defaultThreshold));
    }

    /** The lowest threshold any query of this (tenant, index) may get, however expensive. */
    double loosest(String tenant, String index) {
        return Math.max(floor, Math.min(of(tenant, index), scoped(looseOverrides, tenant, index, defaultLooseFloor)));
    }

    /** The threshold for a query whose full-effort search is estimated at {@code cost} units. */
    double forCost(String tenant, String index, double cost) {
        double strict = of(tenant, index);
        double loosest = loosest(tenant, index);
        if (loosest >= strict || !(cost > looseFromCost)) {
            return strict;
        }
        double x = Math.min(1, (cost - looseFromCost) / (looseAtCost - looseFromCost));
        double smooth = x * x * (3 - 2 * x);
        return strict - (strict - loosest) * smooth;
    }

    /**
     * The largest distance between two unit vectors a semantic hit may join: |a - b|² = 2 - 2 cos
     * at the floor. A result serving a query up to this far away must depend on every cluster its
     * ball, widened by twice this, reaches.
     */
    double reach() {
        return Math.sqrt(Math.max(0, 2 - 2 * floor));
    }

    private static double scoped(Map<String, Double> values, String tenant, String index, double dflt) {
        Double v = values.get(tenant + "/" + index);
        return v != null ? v : values.getOrDefault(tenant, dflt);
    }
}
