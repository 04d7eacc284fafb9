package io.pyrope.shard.ignite;

import io.pyrope.shard.LocalShard;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.cache.Cache;
import java.util.BitSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Rebuilds this node's shards from the vector entries it already holds when it starts: with
 * native persistence the entries come back from disk, which raises no cache event, so
 * {@link ShardSync} alone would leave the shards empty. Scans each local partition (primary and
 * backup) and adds its entries through {@link ShardSync#loadStored}, so that a live write or
 * removal that races with the scan wins over the stored copy. Partitions the node gave up
 * meanwhile are swept afterwards.
 */
public final class ShardLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ShardLoader.class);
    private static final int UNRESERVED_ATTEMPTS = 300;
    private static final long UNRESERVED_PAUSE_NANOS = 100_000_000L;

    private ShardLoader() {
    }

    /**
     * Scans one local partition into the shards. A partition that cannot be reserved is moving
     * (a baseline change or rebalancing under way, e.g. while a cluster starts): retried while
     * this node still owns it; once it has left the node it is skipped (the sweep afterwards
     * removes anything of it, and a partition arriving here is filled by rebalancing events).
     */
    private static long loadPartition(Ignite ignite, IgniteCache<VectorKey, VectorValue> cache, int p, ShardSync sync) {
        for (int attempt = 1; ; attempt++) {
            long added = 0;
            ScanQuery<VectorKey, VectorValue> q = new ScanQuery<VectorKey, VectorValue>(p).setLocal(true);
            try (QueryCursor<Cache.Entry<VectorKey, VectorValue>> cursor = cache.query(q)) {
                for (Cache.Entry<VectorKey, VectorValue> e : cursor) {
                    if (sync.loadStored(e.getKey(), p, e.getValue())) {
                        added++;
                    }
                }
                return added;
            } catch (RuntimeException e) {
                boolean stillOwned = java.util.Arrays.stream(ignite.affinity(cache.getName())
                        .allPartitions(ignite.cluster().localNode())).anyMatch(owned -> owned == p);
                if (!unreservable(e) || (stillOwned && attempt >= UNRESERVED_ATTEMPTS)) {
                    throw e;
                }
                if (!stillOwned) {
                    LOG.debug("partition {} left this node while the shards were loaded; skipped", p);
                    return added;
                }
                LockSupport.parkNanos(UNRESERVED_PAUSE_NANOS);
            }
        }
    }

    private static boolean unreservable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("GridDhtUnreservedPartitionException")) {
                return true;
            }
        }
        return false;
    }

    /** Returns the number of entries added. */
    public static long loadLocal(Ignite ignite, String cacheName, ShardSync sync) {
        long t0 = System.nanoTime();
        IgniteCache<VectorKey, VectorValue> cache = ignite.cache(cacheName);
        Affinity<Object> affinity = ignite.affinity(cacheName);
        ClusterNode local = ignite.cluster().localNode();
        BitSet scanned = new BitSet(affinity.partitions());
        long added = 0;
        sync.beginLoad();
        try {
            for (int p : affinity.allPartitions(local)) {
                scanned.set(p);
                added += loadPartition(ignite, cache, p, sync);
            }
        } finally {
            sync.endLoad();
        }
        // A partition that left the node during the scan may have been swept before it was loaded.
        BitSet owned = new BitSet();
        for (int p : affinity.allPartitions(ignite.cluster().localNode())) {
            owned.set(p);
        }
        scanned.andNot(owned);
        for (int p = scanned.nextSetBit(0); p >= 0; p = scanned.nextSetBit(p + 1)) {
            for (LocalShard shard : sync.registry().all().values()) {
                shard.removePartition(p);
            }
        }
        if (added > 0) {
            LOG.info("rebuilt {} shards from {} stored vectors in {} ms", sync.registry().all().size(), added,
                    (System.nanoTime() - t0) / 1_000_000);
        }
        return added;
    }
}
