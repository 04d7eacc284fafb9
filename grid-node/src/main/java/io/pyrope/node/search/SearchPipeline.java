package io.pyrope.node.search;

import io.pyrope.compute.IndexShape;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.budget.EffortGovernor;
import io.pyrope.node.budget.EffortPlan;
import io.pyrope.node.budget.SearchCharger;
import io.pyrope.node.tenant.TenantPolicyStore;

import java.util.function.LongSupplier;

/**
 * One search from an authenticated, admitted caller to its answer, in the order of the design's
 * search path: canonical alias → exact-result cache → semantic cache → cost estimate and budget →
 * effort degradation → scatter-gather search → cache fill → charge → access report. Both
 * transports (gRPC and the thin-client SDK) reach it through the vector API, so every stage is
 * the same code for both. Each stage is its own class; this one only orders them.
 */
public final class SearchPipeline {
    private final VectorGrid grid;
    private final TenantPolicyStore policies;
    private final EffortGovernor governor;
    private final SearchCharger charger;
    private final LongSupplier nanoTime;

    public SearchPipeline(VectorGrid grid, TenantPolicyStore policies, EffortGovernor governor, SearchCharger charger,
                          LongSupplier nanoTime) {
        this.grid = grid;
        this.policies = policies;
        this.governor = governor;
        this.charger = charger;
        this.nanoTime = nanoTime;
    }

    /** {@code index} is already validated as a name; the query is validated against its spec by the grid. */
    public SearchResult search(Caller caller, TenantId tenant, String index, SearchQuery query) {
        long started = nanoTime.getAsLong();
        BudgetPolicy policy = policies.get(tenant).budget();
        IndexShape shape = grid.shape(tenant, index);
        EffortPlan plan = governor.plan(tenant, policy, shape, query);
        SearchResult result = grid.search(tenant, index, plan.query());
        return charger.charge(tenant, policy, query, plan, result, nanoTime.getAsLong() - started);
    }
}
