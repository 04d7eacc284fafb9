package io.pyrope.compute.admin;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ignite.VectorKey;
import io.pyrope.shard.ignite.VectorValue;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.HashSet;
import java.util.Set;

/**
 * Runs on each data node: removes from the cache every entry of the index this node holds, in
 * batches (removing a key twice, from primary and backup, is harmless), after dropping the shard.
 */
public final class DropIndexJob implements IgniteRunnable {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 1000;

    private final String tenant;
    private final String index;

    @IgniteInstanceResource
    private transient Ignite ignite;

    public DropIndexJob(TenantId tenant, String index) {
        this.tenant = tenant.value();
        this.index = index;
    }

    @Override
    public void run() {
        ShardKey key = new ShardKey(new TenantId(tenant), index);
        LocalShard shard = NodeServices.shard(ignite, key).orElse(null);
        if (shard == null) {
            return;
        }
        IgniteCache<VectorKey, VectorValue> cache = ignite.cache(CacheLayout.VECTORS);
        Set<String> ids = shard.ids();
        // The shard goes first: the removals below then cost no shard work (the index is already
        // dropping and writes to it have drained, so nothing can re-create it).
        NodeServices.of(ignite).shards().remove(key);
        Set<VectorKey> batch = new HashSet<>();
        for (String id : ids) {
            batch.add(new VectorKey(tenant, index, id));
            if (batch.size() == BATCH) {
                cache.removeAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            cache.removeAll(batch);
        }
    }
}
