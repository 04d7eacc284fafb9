package io.pyrope.compute.search;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchCharge;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardSearchResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.cluster.ClusterGroupEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
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
    private final LocalPrimaries primaries;
    /** Whether this node is the only data node, as of one topology version (checked per query). */
    private volatile DataNodes dataNodes = new DataNodes(-1, false);

    private record DataNodes(long topologyVersion, boolean onlyThisNode) {
    }

    public ScatterGatherSearch(Ignite ignite, int maxAttempts, long retryBackoffMillis) {
        this.ignite = ignite;
        this.maxAttempts = maxAttempts;
        this.retryBackoffNanos = retryBackoffMillis * 1_000_000L;
        this.primaries = new LocalPrimaries(ignite);
    }

    /**
     * {@code query.nprobe() > 0} marks a search of an IVF index (the caller resolved the index's
     * default nprobe); ef is then neither sent nor reported.
     */
    public SearchResult search(TenantId tenant, String index, SearchQuery query) {
        boolean ivf = query.nprobe() > 0;
        // 0 (not set) travels as 0: each graph then picks its default by its size.
        SearchTaskArg arg = new SearchTaskArg(tenant, index, query, query.ef() == 0 || ivf ? 0 : query.effectiveEf());
        int ef = ivf ? 0 : query.effectiveEf();
        SearchTaskResult last = null;
        // Work of attempts that missed partitions was still done: the cost includes it.
        long earlierWork = 0;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (last != null) {
                earlierWork += last.work();
            }
            last = runOnce(arg);
            if (last.missingPartitions() == 0) {
                return toResult(last, ef, false, earlierWork);
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
        return toResult(last, ef, true, earlierWork);
    }

    private SearchTaskResult runOnce(SearchTaskArg arg) {
        if (onlyThisNodeHoldsData()) {
            return runLocally(arg);
        }
        try {
            return ignite.compute(ignite.cluster().forDataNodes(CacheLayout.VECTORS)).execute(new SearchTask(), arg);
        } catch (ClusterGroupEmptyException e) {
            throw new PyropeException(ErrorCode.UNAVAILABLE, "no data node is available to search");
        } catch (IgniteException e) {
            throw new PyropeException(ErrorCode.UNAVAILABLE, "search failed: " + e.getMessage(), e);
        }
    }

    private boolean onlyThisNodeHoldsData() {
        long version = ignite.cluster().topologyVersion();
        DataNodes known = dataNodes;
        if (known.topologyVersion() != version) {
            ClusterGroup group = ignite.cluster().forDataNodes(CacheLayout.VECTORS);
            known = new DataNodes(version, group.nodes().size() == 1 && group.node().isLocal());
            dataNodes = known;
        }
        return known.onlyThisNode();
    }

    /**
     * One data node and it is this one: the shard is searched in this thread, without the compute
     * round trip and marshalling. Stale if the affinity moved during the search, as in the
     * distributed case (there by the jobs' own primary checks).
     */
    private SearchTaskResult runLocally(SearchTaskArg arg) {
        LocalPrimaries.Snapshot before = primaries.current();
        int total = before.totalPartitions();
        if (NodeServices.of(ignite) == null) {
            return SearchTaskResult.nothingSearched(total);
        }
        LocalShard shard = NodeServices.shard(ignite, arg.shardKey()).orElse(null);
        if (shard == null) {
            // This node holds no entry of the index: an empty, complete answer (if still primary).
            return primaries.unchangedSince(before)
                    ? new SearchTaskResult(List.of(), total - before.partitions().length, 1, 0, 0, 0, 0)
                    : SearchTaskResult.nothingSearched(total);
        }
        ShardSearchResult r = shard.search(arg.shardQuery(before.set()));
        if (!primaries.unchangedSince(before)) {
            return SearchTaskResult.nothingSearched(total);
        }
        List<SearchHit> hits = new ArrayList<>(r.hits().size());
        for (ShardHit h : r.hits()) {
            hits.add(new SearchHit(h.id(), h.score(), h.metadata(), h.values()));
        }
        return new SearchTaskResult(hits, total - before.partitions().length, 1, r.distanceComputations(), r.efUsed(),
                r.nprobeUsed(), r.work());
    }

    private static SearchResult toResult(SearchTaskResult r, int ef, boolean partial, long earlierWork) {
        // The ef reported is the one a graph really used (the largest), else the request's.
        return new SearchResult(r.hits(), r.efUsed() > 0 ? r.efUsed() : ef, partial, r.shardsSearched(),
                r.distanceComputations(), r.nprobeUsed(), r.work() + earlierWork, SearchCharge.NONE,
                partial ? r.missingPartitions() : 0);
    }
}
