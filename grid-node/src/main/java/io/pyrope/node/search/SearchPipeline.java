package io.pyrope.node.search;

import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.CacheLevel;
import io.pyrope.domain.SearchOutcome;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.cache.CacheProbe;
import io.pyrope.node.cache.ResultCache;

import java.util.Optional;

/**
 * One search from an authenticated caller to its answer, in the order of the design's search
 * path: rate limit → canonical alias → exact-result cache → semantic cache → cost estimate and
 * budget → effort degradation → scatter-gather search → cache fill → charge → access report.
 * Both transports (gRPC and the thin-client SDK) reach it through the vector API, so every stage
 * is the same code for both. Stages are added here as the features land; each is its own class.
 */
public final class SearchPipeline {
    private final VectorGrid grid;
    private final Optional<ResultCache> caches;

    public SearchPipeline(VectorGrid grid) {
        this(grid, Optional.empty());
    }

    public SearchPipeline(VectorGrid grid, Optional<ResultCache> caches) {
        this.grid = grid;
        this.caches = caches;
    }

    /** {@code index} is already validated as a name; the query is validated against its spec by the grid. */
    /** @param queryKey the request's query key (aliases and keyed results), "" for none */
    public SearchOutcome search(Caller caller, TenantId tenant, String index, SearchQuery query, boolean bypassCache,
                                String queryKey) {
        long t0 = System.nanoTime();
        if (caches.isEmpty() || bypassCache) {
            SearchResult r = grid.search(tenant, index, query);
            return new SearchOutcome(r, bypassCache ? CacheLevel.BYPASSED : CacheLevel.NONE, 0, System.nanoTime() - t0);
        }
        ResultCache cache = caches.get();
        // A hit is not a search: it never reaches the scatter-gather task.
        CacheProbe probe = cache.probe(tenant, index, query, queryKey);
        if (probe.hit()) {
            long nanos = System.nanoTime() - t0;
            cache.recordHit(nanos);
            return new SearchOutcome(probe.answer(), probe.level(), probe.similarity(), nanos);
        }
        // The fill stores the result under the effort requested, which for now is the effort used.
        SearchResult r = grid.search(tenant, index, query);
        cache.fill(probe, r);
        return new SearchOutcome(r, CacheLevel.NONE, 0, System.nanoTime() - t0);
    }
}
