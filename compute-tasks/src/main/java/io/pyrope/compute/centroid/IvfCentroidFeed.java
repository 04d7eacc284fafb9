package io.pyrope.compute.centroid;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.domain.IndexSpec;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.centroid.Centroids;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.CacheEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives every IVF shard of this node the newest centroids of its index, which are trained on one
 * node and stored in the replicated catalog: at once when new centroids are stored (the metadata
 * cache raises the update event on every node), and on a short fixed delay for shards created
 * since (a node that joined, an index's first write on this node after its training). The shard
 * builds or rebuilds its lists in the background; until then it scans exactly, so a late feed
 * costs speed, never correctness. Owns one thread; {@link #close()} stops it.
 */
public final class IvfCentroidFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IvfCentroidFeed.class);
    /** Catch-up period for shards created after their centroids were stored: a local scan, cheap. */
    private static final long RESYNC_MS = 1_000;

    private final Ignite ignite;
    private final IndexCatalog catalog;
    private final ShardRegistry shards;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private final IgnitePredicate<Event> listener = this::onMetadataEvent;

    public IvfCentroidFeed(Ignite ignite, IndexCatalog catalog, ShardRegistry shards) {
        this.ignite = ignite;
        this.catalog = catalog;
        this.shards = shards;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, ignite.name() + "-ivf-centroids");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        ignite.events().localListen(listener, EventType.EVT_CACHE_OBJECT_PUT);
        executor.scheduleWithFixedDelay(this::syncSafely, RESYNC_MS, RESYNC_MS, TimeUnit.MILLISECONDS);
    }

    /** Hands newer centroids to every IVF shard that lacks them; returns how many shards took some. */
    public int syncAll() {
        int updated = 0;
        for (Map.Entry<ShardKey, LocalShard> e : shards.all().entrySet()) {
            IndexSpec spec = e.getValue().spec();
            if (!spec.isIvf()) {
                continue;
            }
            ShardKey key = e.getKey();
            StoredCentroids stored = catalog.centroids(key.tenant(), key.index()).orElse(null);
            if (stored == null || stored.version() <= e.getValue().centroidVersion()) {
                continue;
            }
            try {
                Centroids c = new Centroids(stored.version(), stored.k(), stored.dimension(), spec.metric(), stored.data());
                if (e.getValue().useCentroids(c)) {
                    updated++;
                }
            } catch (IllegalArgumentException | IllegalStateException ex) {
                // A dropped and re-created index, or a shard closing: the next pass sees the new state.
                LOG.warn("IVF shard {}: centroids version {} not applied: {}", key, stored.version(), ex.getMessage());
            }
        }
        return updated;
    }

    private boolean onMetadataEvent(Event event) {
        if (event instanceof CacheEvent ce && CacheLayout.METADATA.equals(ce.cacheName())
                && IndexCatalog.isCentroidsKey(ce.key()) && syncQueued.compareAndSet(false, true)) {
            // Never work in the cache's thread: queue one pass (passes queued meanwhile coalesce).
            try {
                executor.execute(() -> {
                    syncQueued.set(false);
                    syncSafely();
                });
            } catch (RejectedExecutionException closing) {
                syncQueued.set(false);
            }
        }
        return true;
    }

    private void syncSafely() {
        try {
            syncAll();
        } catch (RuntimeException e) {
            // The node is stopping or the topology moved mid-pass; the next pass tries again.
            LOG.warn("IVF centroid sync failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(listener);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
