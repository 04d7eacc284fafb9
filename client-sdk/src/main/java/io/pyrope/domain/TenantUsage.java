package io.pyrope.domain;

import java.time.YearMonth;

/**
 * A tenant's usage in one calendar month (UTC), cluster-wide.
 *
 * @param month          the month
 * @param spent          cost units charged
 * @param budget         the monthly budget (0 = unlimited)
 * @param searches       searches charged
 * @param degraded       searches that ran at reduced effort (any reason)
 * @param rejected       requests refused for budget or quota
 * @param prefetchSpent  of {@code spent}: cost units of background prefetch searches (cache warming)
 * @param prefetches     prefetch searches charged
 */
public record TenantUsage(YearMonth month, double spent, double budget, long searches, long degraded, long rejected,
                          double prefetchSpent, long prefetches) {
    /** Usage without prefetch. */
    public TenantUsage(YearMonth month, double spent, double budget, long searches, long degraded, long rejected) {
        this(month, spent, budget, searches, degraded, rejected, 0, 0);
    }

    /** Budget left (never negative); infinite when the budget is unlimited. */
    public double remaining() {
        return budget > 0 ? Math.max(0, budget - spent) : Double.POSITIVE_INFINITY;
    }
}
