package io.pyrope.compute.ignite;

import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import org.apache.ignite.Ignite;

import java.util.Optional;

/**
 * The node-local objects that compute jobs need, published in the node's
 * {@code cluster().nodeLocalMap()} (one instance per Ignite node, so several nodes in one JVM
 * never share state). Jobs find it through their injected Ignite instance.
 */
public final class NodeServices {
    private static final String KEY = NodeServices.class.getName();

    private final ShardRegistry shards;
    private final WritesInFlight writes = new WritesInFlight();

    public NodeServices(ShardRegistry shards) {
        this.shards = shards;
    }

    public ShardRegistry shards() {
        return shards;
    }

    public WritesInFlight writes() {
        return writes;
    }

    public void publish(Ignite ignite) {
        ignite.cluster().nodeLocalMap().put(KEY, this);
    }

    /** The services of the node {@code ignite}; null while the node is still starting. */
    public static NodeServices of(Ignite ignite) {
        return (NodeServices) ignite.cluster().nodeLocalMap().get(KEY);
    }

    /** This node's shard of the index, if the node is up and holds any entry of it. */
    public static Optional<LocalShard> shard(Ignite ignite, ShardKey key) {
        NodeServices services = of(ignite);
        return services == null ? Optional.empty() : services.shards().get(key);
    }
}
