package io.pyrope.compute;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.centroid.CentroidMaintenance;
import io.pyrope.compute.centroid.IvfCentroidFeed;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.ClusterActivation;
import io.pyrope.compute.ignite.IgniteConfigFactory;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.compute.search.ScatterGatherSearch;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ignite.ShardLoader;
import io.pyrope.shard.ignite.ShardSync;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
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
    private final CentroidMaintenance centroids;
    private final IvfCentroidFeed ivfFeed;

    private PyropeGrid(Ignite ignite, ShardRegistry shards, IndexCatalog catalog, VectorGrid vectors,
                       CentroidMaintenance centroids, IvfCentroidFeed ivfFeed) {
        this.ignite = ignite;
        this.shards = shards;
        this.catalog = catalog;
        this.vectors = vectors;
        this.centroids = centroids;
        this.ivfFeed = ivfFeed;
    }

    public static PyropeGrid start(GridSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    public static PyropeGrid start(GridSettings settings, Clock clock) {
        return start(settings, GridOptions.DEFAULTS, clock);
    }

    public static PyropeGrid start(GridSettings settings, GridOptions options, Clock clock) {
        return start(settings, options, GridSecurity.NONE, clock);
    }

    /** With authentication and TLS as {@code security} says (see {@link GridSecurity}). */
    public static PyropeGrid start(GridSettings settings, GridOptions options, GridSecurity security, Clock clock) {
        IgniteConfigFactory.applyQuietDefaults();
        ShardRegistry shards = new ShardRegistry(options.shardEngine(), settings.instanceName());
        ShardSync sync = new ShardSync(CacheLayout.VECTORS, shards);
        Ignite ignite;
        try {
            ignite = Ignition.start(IgniteConfigFactory.create(settings, sync, security));
        } catch (RuntimeException e) {
            shards.close();
            throw e;
        }
        if (settings.persistence()) {
            try {
                ClusterActivation.activate(ignite, options.baselineWait(), settings.failureDetectionMs(), clock);
            } catch (RuntimeException e) {
                Ignition.stop(ignite.name(), true);
                shards.close();
                throw e;
            }
        }
        if (settings.persistence()) {
            // Entries restored from disk raised no event: give the shards what this node holds.
            ShardLoader.loadLocal(ignite, CacheLayout.VECTORS, sync);
        }
        NodeServices services = new NodeServices(shards);
        services.publish(ignite);
        IndexCatalog catalog = new IndexCatalog(ignite, clock);
        ScatterGatherSearch searcher = new ScatterGatherSearch(ignite, options.searchAttempts(),
                options.searchRetryBackoff().toMillis());
        GridVectorStore store = new GridVectorStore(ignite, catalog, searcher, services.writes());
        CentroidMaintenance centroids = new CentroidMaintenance(ignite, catalog, shards, store::countVectors,
                options.centroidPolicy(), clock);
        if (!options.centroidCheckInterval().isZero()) {
            centroids.start(options.centroidCheckInterval());
        }
        LOG.info("grid node {} joined: {} server nodes, topology version {}", settings.instanceName(),
                ignite.cluster().forServers().nodes().size(), ignite.cluster().topologyVersion());
        IvfCentroidFeed ivfFeed = new IvfCentroidFeed(ignite, catalog, shards);
        ivfFeed.start();
        return new PyropeGrid(ignite, shards, catalog, store, centroids, ivfFeed);
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

    /** The centroid trainer (for tests that train on demand instead of waiting for the schedule). */
    public CentroidMaintenance centroids() {
        return centroids;
    }

    /** Hands IVF shards their index's newest centroids (for tests that do not wait for the feed). */
    public IvfCentroidFeed ivfCentroids() {
        return ivfFeed;
    }

    @Override
    public void close() {
        ivfFeed.close();
        centroids.close();
        try {
            Ignition.stop(ignite.name(), true);
        } finally {
            shards.close();
        }
    }
}
