package io.pyrope.compute.admin;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs on each data node: how many entries of one index it holds in the partitions it is primary
 * for. Summed over nodes this counts each vector once.
 */
public final class CountVectorsJob implements IgniteCallable<CountVectorsJob.Result> {
    private static final long serialVersionUID = 1L;

    private final String tenant;
    private final String index;

    @IgniteInstanceResource
    private transient Ignite ignite;

    public CountVectorsJob(TenantId tenant, String index) {
        this.tenant = tenant.value();
        this.index = index;
    }

    @Override
    public Result call() {
        int[] primary = ignite.affinity(CacheLayout.VECTORS).primaryPartitions(ignite.cluster().localNode());
        if (NodeServices.of(ignite) == null) {
            return new Result(0, new int[0]);
        }
        long count = NodeServices.shard(ignite, new ShardKey(new TenantId(tenant), index))
                .map(shard -> shard.count(PartitionSet.of(primary))).orElse(0L);
        return new Result(count, primary);
    }

    /**
     * The count and the partitions it covers: while affinity moves, nodes may disagree on who is
     * primary, and the caller retries until the partitions are covered exactly once.
     */
    public static final class Result {
        public final long count;
        public final int[] partitions;

        Result(long count, int[] partitions) {
            this.count = count;
            this.partitions = partitions;
        }
    }
}
