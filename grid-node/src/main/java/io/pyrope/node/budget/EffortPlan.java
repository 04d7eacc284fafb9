package io.pyrope.node.budget;

import io.pyrope.compute.IndexShape;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.SearchQuery;

/**
 * The effort one search may use: the query to run (ef possibly reduced), the fraction of the
 * requested effort that is, why, and the cost estimate at that effort.
 */
public record EffortPlan(SearchQuery query, IndexShape shape, double scale, EffortReason reason, double estimatedCost) {
    public boolean degraded() {
        return scale < 1.0;
    }
}
