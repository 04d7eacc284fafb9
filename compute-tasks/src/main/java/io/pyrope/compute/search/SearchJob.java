package io.pyrope.compute.search;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardSearchResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.List;

/**
 * Searches this node's shard, restricted to the partitions the task assigned it (those it was
 * primary for when the task was mapped). If the node is no longer primary for all of them, before
 * or after the search, the answer is "stale" and the caller retries at the new topology.
 */
public final class SearchJob extends ComputeJobAdapter {
    private static final long serialVersionUID = 1L;

    private final SearchTaskArg arg;
    private final int[] partitions;

    @IgniteInstanceResource
    private transient Ignite ignite;

    public SearchJob(SearchTaskArg arg, int[] partitions) {
        this.arg = arg;
        this.partitions = partitions;
    }

    int[] partitions() {
        return partitions;
    }

    @Override
    public Object execute() {
        if (NodeServices.of(ignite) == null || !primaryForAll()) {
            return SearchJobResult.stale(partitions);
        }
        LocalShard shard = NodeServices.shard(ignite, arg.shardKey()).orElse(null);
        if (shard == null) {
            // This node holds no entry of the index: an empty, complete answer.
            return SearchJobResult.of(partitions, new ShardSearchResult(List.of(), 0, 0, 0), false, false);
        }
        var query = arg.shardQuery(PartitionSet.of(partitions));
        ShardSearchResult result = shard.search(query);
        if (!primaryForAll()) {
            return SearchJobResult.stale(partitions);
        }
        return SearchJobResult.of(partitions, result, query.includeMetadata(), query.includeVectors());
    }

    private boolean primaryForAll() {
        Affinity<Object> affinity = ignite.affinity(CacheLayout.VECTORS);
        java.util.BitSet primary = new java.util.BitSet();
        for (int p : affinity.primaryPartitions(ignite.cluster().localNode())) {
            primary.set(p);
        }
        for (int p : partitions) {
            if (!primary.get(p)) {
                return false;
            }
        }
        return true;
    }
}
