package io.pyrope.compute.search;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.cluster.ClusterGroupEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.LockSupport;

/**
 * Runs {@link SearchTask} and retries when partitions went unsearched (a node left or affinity
 * moved during the search). After {@code maxAttempts} the best answer so far is returned marked
 * partial: never a silently incomplete answer.
 */
public final class ScatterGatherSearch {
    private static final Logger LOG = LoggerFactory.getLogger(ScatterGatherSearch.class);

    private final Ignite ignite;
    private final int maxAttempts;
    private final long retryBackoffNanos;

    public ScatterGatherSearch(Ignite ignite, int maxAttempts, long retryBackoffMillis) {
        this.ignite = ignite;
        this.maxAttempts = maxAttempts;
        this.retryBackoffNanos = retryBackoffMillis * 1_000_000L;
    }

    public SearchResult search(TenantId tenant, String index, SearchQuery query) {
        int ef = query.effectiveEf();
        SearchTaskArg arg = new SearchTaskArg(tenant, index, query, ef);
        SearchTaskResult last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            last = runOnce(arg);
            if (last.missingPartitions() == 0) {
                return toResult(last, ef, false);
            }
            if (attempt < maxAttempts) {
                LOG.debug("search of {}/{} missed {} partitions (attempt {}); retrying at the new topology",
                        tenant, index, last.missingPartitions(), attempt);
                // Give the exchange a moment to settle before mapping again.
                LockSupport.parkNanos(retryBackoffNanos * attempt);
            }
        }
        LOG.warn("search of {}/{} answered partially: {} partitions unsearched after {} attempts",
                tenant, index, last.missingPartitions(), maxAttempts);
        return toResult(last, ef, true);
    }

    private SearchTaskResult runOnce(SearchTaskArg arg) {
        ClusterGroup dataNodes = ignite.cluster().forDataNodes(CacheLayout.VECTORS);
        if (dataNodes.nodes().size() == 1 && dataNodes.node().isLocal()) {
            return runLocally(arg);
        }
        try {
            return ignite.compute(dataNodes).execute(new SearchTask(), arg);
        } catch (ClusterGroupEmptyException e) {
            throw new PyropeException(ErrorCode.UNAVAILABLE, "no data node is available to search");
        } catch (IgniteException e) {
            throw new PyropeException(ErrorCode.UNAVAILABLE, "search failed: " + e.getMessage(), e);
        }
    }

    /**
     * One data node and it is this one: the same job, in this thread, without the compute round
     * trip and marshalling. Staleness is checked exactly as in the distributed case.
     */
    private SearchTaskResult runLocally(SearchTaskArg arg) {
        int[] primary = ignite.affinity(CacheLayout.VECTORS).primaryPartitions(ignite.cluster().localNode());
        int partitions = ignite.affinity(CacheLayout.VECTORS).partitions();
        SearchJobResult r = new SearchJob(arg, primary).executeOn(ignite);
        if (r.stale()) {
            return new SearchTaskResult(java.util.List.of(), partitions, 0, 0);
        }
        return new SearchTaskResult(r.hits(), partitions - primary.length, 1, r.distanceComputations());
    }

    private static SearchResult toResult(SearchTaskResult r, int ef, boolean partial) {
        return new SearchResult(r.hits(), ef, partial, r.shardsSearched(), r.distanceComputations());
    }
}
