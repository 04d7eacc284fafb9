package io.pyrope.compute.centroid;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.compute.catalog.StoredIndex;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.centroid.CentroidTrainer;
import io.pyrope.shard.centroid.Centroids;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps every index's semantic centroids trained. One node does it (the oldest server, so the
 * cluster agrees without coordination): on a fixed delay it checks each index against the
 * {@link RetrainPolicy}, trains k-means over a sample of its local shard (which holds a hash-
 * partitioned, content-unbiased share of the index) and stores the result, version + 1, in the
 * replicated catalog. Owns its single thread; {@link #close()} stops it.
 */
public final class CentroidMaintenance implements AutoCloseable {
    /** More entries than this outside graph segments means the shard is still absorbing writes. */
    private static final long BUSY_HEAD = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(CentroidMaintenance.class);

    /** Counts the live vectors of an index cluster-wide. */
    @FunctionalInterface
    public interface VectorCounter {
        long count(TenantId tenant, String index);
    }

    private final Ignite ignite;
    private final IndexCatalog catalog;
    private final ShardRegistry shards;
    private final VectorCounter counter;
    private final RetrainPolicy policy;
    private final Clock clock;
    private final CentroidTrainer trainer = new CentroidTrainer();
    private final ScheduledExecutorService executor;

    public CentroidMaintenance(Ignite ignite, IndexCatalog catalog, ShardRegistry shards, VectorCounter counter,
                               RetrainPolicy policy, Clock clock) {
        this.ignite = ignite;
        this.catalog = catalog;
        this.shards = shards;
        this.counter = counter;
        this.policy = policy;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, ignite.name() + "-centroids");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(Duration interval) {
        executor.scheduleWithFixedDelay(this::checkAllSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over all indexes; a no-op unless this node is the oldest server. */
    public void checkAll() {
        if (!isTrainerNode()) {
            return;
        }
        for (StoredIndex index : catalog.all()) {
            if (index.state() == StoredIndex.State.ACTIVE) {
                trainIfDue(index.tenant(), index.spec());
            }
        }
    }

    /** Trains and stores new centroids for the index if the policy says so; returns them if it did. */
    public Optional<StoredCentroids> trainIfDue(TenantId tenant, IndexSpec spec) {
        Optional<LocalShard> shard = shards.get(new ShardKey(tenant, spec.name()));
        if (shard.isEmpty()) {
            return Optional.empty();
        }
        StoredCentroids current = catalog.centroids(tenant, spec.name()).orElse(null);
        if (current != null && shard.get().stats().headVectors() > BUSY_HEAD) {
            // Still loading or catching up: a retrain now would take CPU from the writes and the
            // graph builds, on a sample that is about to be outdated. The first training is cheap
            // (it happens at a few dozen vectors) and never waits.
            return Optional.empty();
        }
        long live = counter.count(tenant, spec.name());
        if (!policy.due(live, current, clock.millis())) {
            return Optional.empty();
        }
        List<float[]> sample = shard.get().sample(policy.sampleSize(), clock.millis());
        if (sample.isEmpty()) {
            return Optional.empty();
        }
        long version = current == null ? 1 : current.version() + 1;
        Centroids trained = trainer.train(sample, spec.centroids(), spec.metric(), version);
        StoredCentroids stored = new StoredCentroids(version, trained.k(), trained.dimension(), trained.data(), live,
                clock.millis());
        catalog.putCentroids(tenant, spec.name(), stored);
        LOG.info("centroids of {}/{}: version {}, k={}, trained on {} of {} vectors", tenant, spec.name(), version,
                trained.k(), sample.size(), live);
        return Optional.of(stored);
    }

    private boolean isTrainerNode() {
        ClusterNode oldest = ignite.cluster().forServers().forOldest().node();
        return oldest != null && oldest.isLocal();
    }

    private void checkAllSafely() {
        try {
            checkAll();
        } catch (RuntimeException e) {
            // A topology change or a dropped index mid-pass; the next pass tries again.
            LOG.warn("centroid maintenance pass failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
