package io.pyrope.node.budget;

import io.pyrope.compute.IndexShape;
import io.pyrope.domain.EffortReason;
import io.pyrope.domain.SearchQuery;

/**
 * The effort one search may use: the query to run (ef or nprobe possibly reduced), the fraction
 * of the requested effort that is, why, and at that effort the structural work estimate (which
 * the calibration learns from) and the calibrated cost estimate.
 */
public record EffortPlan(SearchQuery query, IndexShape shape, double scale, EffortReason reason, double structuralWork,
                         double estimatedCost) {
    public boolean degraded() {
        return scale < 1.0;
    }
}
