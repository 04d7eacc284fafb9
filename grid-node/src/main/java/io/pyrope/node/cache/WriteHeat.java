package io.pyrope.node.cache;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.TenantId;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write heat per (tenant, index, semantic cluster), cluster-wide, in writes per minute. Each node
 * counts its writes locally (no remote call per write) and adds them to a REPLICATED cache every
 * {@code flushMs} with an entry processor; reads go through a node-local memo kept for one flush
 * interval (a cache fill reads the heat of several clusters, and one Ignite read each cost more
 * than the rest of the fill). So the heat a node reads lags the cluster's writes by at most two
 * flush intervals. Heat only sets TTLs: freshness never depends on it.
 * Owns its flush thread: {@link #close()} flushes once more and stops it.
 */
final class WriteHeat implements AutoCloseable {
    static final String CACHE = "pyrope-cache-heat";
    private static final HeatValue NONE = new HeatValue(0, 0);
    private static final Logger LOG = LoggerFactory.getLogger(WriteHeat.class);

    private final IgniteCache<String, HeatValue> heat;
    private final Clock clock;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();
    /** Heat as last read from the shared cache; {@link #NONE} for clusters without writes. */
    private final com.github.benmanes.caffeine.cache.Cache<String, HeatValue> memo;
    private final ScheduledExecutorService flusher;

    WriteHeat(Ignite ignite, Clock clock, long flushMs) {
        this.heat = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, HeatValue>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true));
        this.clock = clock;
        this.memo = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                .expireAfterWrite(java.time.Duration.ofMillis(flushMs))
                .maximumSize(100_000)
                .executor(Runnable::run)
                .build();
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyrope-heat-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushMs, flushMs, TimeUnit.MILLISECONDS);
    }

    static String key(TenantId tenant, String index, long centroidVersion, int cluster) {
        return FreshnessStore.key(tenant, index) + '\u0000' + centroidVersion + '\u0000' + cluster;
    }

    void record(TenantId tenant, String index, long centroidVersion, int cluster, long writes) {
        pending.computeIfAbsent(key(tenant, index, centroidVersion, cluster), k -> new LongAdder()).add(writes);
    }

    /** The cluster-wide rate as this node last saw it, decayed to now. */
    double perMinute(TenantId tenant, String index, long centroidVersion, int cluster) {
        HeatValue v = memo.get(key(tenant, index, centroidVersion, cluster), k -> {
            HeatValue stored = heat.get(k);
            return stored == null ? NONE : stored;
        });
        return v.perMinuteAt(clock.millis());
    }

    /** Adds the locally counted writes to the cluster-wide heat (also run by tests instead of waiting). */
    void flush() {
        long now = clock.millis();
        // This node's own writes are visible to it at once after its flush.
        memo.invalidateAll();
        for (Map.Entry<String, LongAdder> e : pending.entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n > 0) {
                heat.invoke(e.getKey(), new AddHeat(n, now));
            } else {
                pending.remove(e.getKey(), e.getValue());
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("write heat flush failed (retried next interval): {}", e.toString());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("last heat flush failed: {}", e.toString());
        }
    }
}
