package io.pyrope.domain;

/**
 * What a search was asked for, what it was allowed, and what it cost the tenant.
 *
 * @param efRequested     the ef the request asked for (0 = the index default)
 * @param nprobeRequested the nprobe the request asked for (0 = the index default)
 * @param effortScale     the fraction of the requested effort the search was allowed (1 = full)
 * @param reason          why the effort was reduced, {@link EffortReason#FULL} if it was not
 * @param cost            cost units charged to the tenant (measured work, see the cost model)
 * @param estimatedCost   the pre-search estimate at the effort used, in the same units
 */
public record SearchCharge(int efRequested, int nprobeRequested, double effortScale, EffortReason reason,
                           double cost, double estimatedCost) {
    public static final SearchCharge NONE = new SearchCharge(0, 0, 1.0, EffortReason.FULL, 0, 0);

    public SearchCharge {
        reason = reason == null ? EffortReason.FULL : reason;
    }
}
