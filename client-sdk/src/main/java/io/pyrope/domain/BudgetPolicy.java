package io.pyrope.domain;

/**
 * How a tenant's monthly budget shapes its searches.
 *
 * @param monthlyBudget   cost units per calendar month (UTC); 0 = unlimited (no degradation, no rejection)
 * @param degradeBelow    remaining fraction of the budget below which effort starts to fall (0..1)
 * @param minEffort       fraction of the requested effort at the floor (0..1]; ef never goes below top_k
 * @param pacing          also degrade while the month's spend runs ahead of an even pace
 * @param paceTolerance   how far ahead of even pace spending may run before pacing degrades (0.5 = 50 % ahead)
 * @param onExhausted     what searches get once the budget is spent
 * @param latencyP99Ms    SLO guardrail: search p99 target for this tenant in ms; 0 = off
 */
public record BudgetPolicy(double monthlyBudget, double degradeBelow, double minEffort, boolean pacing,
                           double paceTolerance, ExhaustedAction onExhausted, double latencyP99Ms) {
    public static final double DEFAULT_DEGRADE_BELOW = 0.25;
    public static final double DEFAULT_MIN_EFFORT = 0.25;
    public static final double DEFAULT_PACE_TOLERANCE = 0.5;

    /** Unlimited budget; the other settings are the defaults used once a budget is set. */
    public static final BudgetPolicy UNLIMITED = new BudgetPolicy(0, DEFAULT_DEGRADE_BELOW, DEFAULT_MIN_EFFORT,
            true, DEFAULT_PACE_TOLERANCE, ExhaustedAction.MIN_EFFORT, 0);

    public BudgetPolicy {
        if (!(monthlyBudget >= 0) || Double.isInfinite(monthlyBudget)) {
            throw PyropeException.invalid("monthly_budget must be a finite number >= 0 (0 = unlimited), got " + monthlyBudget);
        }
        if (!(degradeBelow >= 0 && degradeBelow <= 1)) {
            throw PyropeException.invalid("degrade_below must be a fraction 0..1 of the budget, got " + degradeBelow);
        }
        if (!(minEffort > 0 && minEffort <= 1)) {
            throw PyropeException.invalid("min_effort must be a fraction in (0, 1] of the requested effort, got " + minEffort);
        }
        if (!(paceTolerance >= 0) || Double.isInfinite(paceTolerance)) {
            throw PyropeException.invalid("pace_tolerance must be a finite number >= 0, got " + paceTolerance);
        }
        if (!(latencyP99Ms >= 0) || Double.isInfinite(latencyP99Ms)) {
            throw PyropeException.invalid("latency_p99_ms must be a finite number >= 0 (0 = off), got " + latencyP99Ms);
        }
        onExhausted = onExhausted == null ? ExhaustedAction.MIN_EFFORT : onExhausted;
    }

    public boolean limited() {
        return monthlyBudget > 0;
    }

    public BudgetPolicy withMonthlyBudget(double budget) {
        return new BudgetPolicy(budget, degradeBelow, minEffort, pacing, paceTolerance, onExhausted, latencyP99Ms);
    }
}
