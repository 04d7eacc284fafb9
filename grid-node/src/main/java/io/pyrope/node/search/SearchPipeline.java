package io.pyrope.node.search;

import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;

/**
 * One search from an authenticated caller to its answer, in the order of the design's search
 * path: rate limit → canonical alias → exact-result cache → semantic cache → cost estimate and
 * budget → effort degradation → scatter-gather search → cache fill → charge → access report.
 * Both transports (gRPC and the thin-client SDK) reach it through the vector API, so every stage
 * is the same code for both. Stages are added here as the features land; each is its own class.
 */
public final class SearchPipeline {
    private final VectorGrid grid;

    public SearchPipeline(VectorGrid grid) {
        this.grid = grid;
    }

    /** {@code index} is already validated as a name; the query is validated against its spec by the grid. */
    public SearchResult search(Caller caller, TenantId tenant, String index, SearchQuery query) {
        return grid.search(tenant, index, query);
    }
}
