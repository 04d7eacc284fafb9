package io.pyrope.node.budget;

import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.ExhaustedAction;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The budget's say on a search's effort, as a pure function of the tenant's policy, its spend this
 * month and the time. Two signals, each a "health" in [0, 1]:
 * <ul>
 *   <li>budget: 1 while at least {@code degradeBelow} of the budget remains, falling linearly to 0
 *       as the rest is spent;</li>
 *   <li>pacing: 1 while the month's spend is at most {@code 1 + paceTolerance} times the even pace
 *       (budget × elapsed fraction of the month), then (1 + tolerance) / pace ratio.</li>
 * </ul>
 * The weaker one sets the effort: {@code minEffort + (1 - minEffort) × smoothstep(health)}, so
 * effort eases down instead of jumping and never drops below the tenant's floor. Monotone: more
 * spend never yields more effort. Once the budget is spent the tenant's {@link ExhaustedAction}
 * applies.
 */
public final class DegradationPolicy {
    private DegradationPolicy() {
    }

    public static BudgetVerdict decide(BudgetPolicy policy, double spent, Instant now) {
        if (!policy.limited()) {
            return BudgetVerdict.FULL;
        }
        double budget = policy.monthlyBudget();
        if (spent >= budget) {
            return switch (policy.onExhausted()) {
                case REJECT -> new BudgetVerdict(BudgetVerdict.Action.REJECT, 0, EffortReason.EXHAUSTED);
                case CACHE_ONLY -> new BudgetVerdict(BudgetVerdict.Action.CACHE_ONLY, 0, EffortReason.EXHAUSTED);
                case MIN_EFFORT -> new BudgetVerdict(BudgetVerdict.Action.RUN, policy.minEffort(), EffortReason.EXHAUSTED);
            };
        }
        double remaining = 1.0 - spent / budget;
        double budgetHealth = policy.degradeBelow() <= 0 ? 1.0 : Math.min(1.0, remaining / policy.degradeBelow());
        double paceHealth = policy.pacing() ? paceHealth(spent / budget, elapsedFraction(now), policy.paceTolerance()) : 1.0;
        double health = Math.min(budgetHealth, paceHealth);
        if (health >= 1.0) {
            return BudgetVerdict.FULL;
        }
        double scale = policy.minEffort() + (1.0 - policy.minEffort()) * smoothstep(health);
        EffortReason reason = budgetHealth <= paceHealth ? EffortReason.BUDGET : EffortReason.PACING;
        return new BudgetVerdict(BudgetVerdict.Action.RUN, scale, reason);
    }

    static double paceHealth(double spentFraction, double elapsedFraction, double tolerance) {
        double paceRatio = spentFraction / elapsedFraction;
        double allowed = 1.0 + tolerance;
        return paceRatio <= allowed ? 1.0 : allowed / paceRatio;
    }

    /** Fraction of the UTC calendar month elapsed at {@code now}, at least one day's worth (no panic on the 1st). */
    static double elapsedFraction(Instant now) {
        YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
        long start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        long end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        double fraction = (double) (now.toEpochMilli() - start) / (end - start);
        return Math.max(fraction, 1.0 / month.lengthOfMonth());
    }

    private static double smoothstep(double x) {
        double h = Math.max(0.0, Math.min(1.0, x));
        return h * h * (3.0 - 2.0 * h);
    }
}
