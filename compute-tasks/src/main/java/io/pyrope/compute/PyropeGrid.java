package io.pyrope.compute;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.IgniteConfigFactory;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.compute.search.ScatterGatherSearch;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ignite.ShardSync;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * One running Pyrope server node: the Ignite node with Pyrope's caches and shard sync, the
 * node-local shard registry, and the {@link VectorGrid} over them. Owns all of it: close() stops
 * the node and the shards' background work.
 */
public final class PyropeGrid implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PyropeGrid.class);

    private final Ignite ignite;
    private final ShardRegistry shards;
    private final VectorGrid vectors;
    private final IndexCatalog catalog;

    private PyropeGrid(Ignite ignite, ShardRegistry shards, IndexCatalog catalog, VectorGrid vectors) {
        this.ignite = ignite;
        this.shards = shards;
        this.catalog = catalog;
        this.vectors = vectors;
    }

    public static PyropeGrid start(GridSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    public static PyropeGrid start(GridSettings settings, Clock clock) {
        IgniteConfigFactory.applyQuietDefaults();
        ShardRegistry shards = new ShardRegistry(ShardEngineConfig.DEFAULTS, settings.instanceName());
        Ignite ignite;
        try {
            ignite = Ignition.start(IgniteConfigFactory.create(settings, new ShardSync(CacheLayout.VECTORS, shards)));
        } catch (RuntimeException e) {
            shards.close();
            throw e;
        }
        if (settings.persistence() && ignite.cluster().state() != ClusterState.ACTIVE) {
            ignite.cluster().state(ClusterState.ACTIVE);
            ignite.cluster().baselineAutoAdjustEnabled(true);
            ignite.cluster().baselineAutoAdjustTimeout(settings.failureDetectionMs());
        }
        new NodeServices(shards).publish(ignite);
        IndexCatalog catalog = new IndexCatalog(ignite, clock);
        ScatterGatherSearch searcher = new ScatterGatherSearch(ignite, 3, 50);
        LOG.info("grid node {} joined: {} server nodes, topology version {}", settings.instanceName(),
                ignite.cluster().forServers().nodes().size(), ignite.cluster().topologyVersion());
        return new PyropeGrid(ignite, shards, catalog, new GridVectorStore(ignite, catalog, searcher));
    }

    public Ignite ignite() {
        return ignite;
    }

    public VectorGrid vectors() {
        return vectors;
    }

    /** The node-local shards (for diagnostics, tests and metrics). */
    public ShardRegistry shards() {
        return shards;
    }

    public IndexCatalog catalog() {
        return catalog;
    }

    @Override
    public void close() {
        try {
            Ignition.stop(ignite.name(), true);
        } finally {
            shards.close();
        }
    }
}
