package io.pyrope.node.budget;

import io.pyrope.domain.EffortReason;

/**
 * What the budget allows one search: run at {@code scale} of the requested effort, or not run
 * ({@link Action#REJECT}), or be answered from caches only.
 */
public record BudgetVerdict(Action action, double scale, EffortReason reason) {
    public enum Action { RUN, REJECT, CACHE_ONLY }

    public static final BudgetVerdict FULL = new BudgetVerdict(Action.RUN, 1.0, EffortReason.FULL);

    public boolean degraded() {
        return scale < 1.0;
    }
}
