package io.pyrope.node.search;

import io.pyrope.compute.IndexShape;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.CacheLevel;
import io.pyrope.domain.SearchOutcome;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.budget.EffortGovernor;
import io.pyrope.node.budget.EffortPlan;
import io.pyrope.node.budget.SearchCharger;
import io.pyrope.node.tenant.TenantPolicyStore;

import java.util.function.LongSupplier;
import io.pyrope.node.cache.CacheProbe;
import io.pyrope.node.cache.ResultCache;

import java.util.Optional;

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
    private final Optional<ResultCache> caches;
    private final LongSupplier nanoTime;
    private final AccessListener accesses;

    /** @param accesses hears the semantic cluster of every search that probed the caches (the sidecar's access reports) */
    public SearchPipeline(VectorGrid grid, TenantPolicyStore policies, EffortGovernor governor, SearchCharger charger,
                          Optional<ResultCache> caches, LongSupplier nanoTime, AccessListener accesses) {
        this.accesses = accesses;
        this.grid = grid;
        this.policies = policies;
        this.governor = governor;
        this.charger = charger;
        this.caches = caches;
        this.nanoTime = nanoTime;
    }

    /**
     * {@code index} is already validated as a name; the query is validated against its spec by the
     * grid (or by the cache probe).
     *
     * @param queryKey the request's query key (aliases and keyed results), "" for none
     * @param session  the request's session id, "" for none (the API key's id stands in)
     */
    public SearchOutcome search(Caller caller, TenantId tenant, String index, SearchQuery query, boolean bypassCache,
                                String queryKey, String session) {
        long t0 = nanoTime.getAsLong();
        BudgetPolicy policy = policies.get(tenant).budget();
        boolean cached = caches.isPresent() && !bypassCache;
        CacheProbe probe = null;
        if (cached) {
            // A hit is not a search: it never reaches the scatter-gather task, and is not charged.
            probe = caches.get().probe(tenant, index, query, queryKey,
                    () -> governor.estimate(tenant, grid.shape(tenant, index), query));
            if (probe.cluster() >= 0) {
                // An offer to a bounded queue, never a call: the sidecar is not on the search path.
                accesses.accessed(tenant, index, session.isEmpty() ? "key:" + caller.keyId() : session, queryKey, probe);
            }
            if (probe.hit()) {
                long nanos = nanoTime.getAsLong() - t0;
                caches.get().recordHit(nanos);
                return new SearchOutcome(probe.answer(), probe.level(), probe.similarity(), nanos);
            }
        }
        // A miss: the budget decides the effort (a cache-only tenant is refused here).
        IndexShape shape = grid.shape(tenant, index);
        EffortPlan plan = governor.plan(tenant, policy, shape, query);
        SearchResult raw = grid.search(tenant, index, plan.query());
        SearchResult result = charger.charge(tenant, policy, query, plan, raw, nanoTime.getAsLong() - t0);
        if (cached && !plan.degraded()) {
            // Stored under the requested effort, so only full-effort results are stored: a degraded
            // answer never serves a request that can afford more.
            caches.get().fill(probe, result);
        }
        return new SearchOutcome(result, bypassCache ? CacheLevel.BYPASSED : CacheLevel.NONE, 0, nanoTime.getAsLong() - t0);
    }
}
