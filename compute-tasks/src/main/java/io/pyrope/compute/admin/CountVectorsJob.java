package io.pyrope.compute.admin;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardKey;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs on each data node: how many entries of one index it holds in the partitions it is primary
 * for. Summed over nodes this counts each vector once.
 */
public final class CountVectorsJob implements IgniteCallable<Long> {
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
    public Long call() {
        NodeServices services = NodeServices.of(ignite);
        if (services == null) {
            return 0L;
        }
        LocalShard shard = services.shards().get(new ShardKey(new TenantId(tenant), index)).orElse(null);
        if (shard == null) {
            return 0L;
        }
        int[] primary = ignite.affinity(CacheLayout.VECTORS).primaryPartitions(ignite.cluster().localNode());
        return shard.count(PartitionSet.of(primary));
    }
}
