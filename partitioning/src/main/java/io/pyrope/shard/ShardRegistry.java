package io.pyrope.shard;

import io.pyrope.domain.IndexSpec;
import io.pyrope.shard.engine.SegmentedShard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shards of one node, by (tenant, index), and the threads that index them: a bounded pool
 * that runs each shard's indexing steps, a timer thread that resumes deferred steps, and a
 * ForkJoinPool of the same size as the first for jvector graph builds (jvector's own default is
 * one thread per physical core, i.e. one on a 2-core box).
 * {@link #close()} closes every shard and stops all three. Thread-safe.
 */
public final class ShardRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShardRegistry.class);

    private final ShardEngineConfig config;
    private final ConcurrentHashMap<ShardKey, SegmentedShard> shards = new ConcurrentHashMap<>();
    private final ExecutorService indexers;
    private final ScheduledExecutorService timer;
    private final ForkJoinPool buildPool;
    private volatile boolean closed;

    public ShardRegistry(ShardEngineConfig config) {
        this(config, "pyrope-shard");
    }

    /** {@code threadPrefix} names the threads (several nodes may share a JVM in tests). */
    public ShardRegistry(ShardEngineConfig config, String threadPrefix) {
        this.config = config;
        int n = config.indexingThreads();
        AtomicInteger seq = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, threadPrefix + "-indexer-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.indexers = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), tf);
        ((ThreadPoolExecutor) indexers).allowCoreThreadTimeOut(true);
        ScheduledThreadPoolExecutor delays = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadPrefix + "-indexer-timer");
            t.setDaemon(true);
            return t;
        });
        delays.setRemoveOnCancelPolicy(true);
        this.timer = delays;
        AtomicInteger fseq = new AtomicInteger();
        this.buildPool = new ForkJoinPool(n, pool -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName(threadPrefix + "-build-" + fseq.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public ShardEngineConfig config() {
        return config;
    }

    /**
     * The shard of {@code key}, created empty on first use. Throws IllegalStateException if a
     * shard exists with a different spec (the index was dropped and re-created: remove it first).
     */
    public LocalShard getOrCreate(ShardKey key, IndexSpec spec) {
        if (closed) {
            throw new IllegalStateException("shard registry is closed");
        }
        SegmentedShard shard = shards.computeIfAbsent(key, k -> {
            log.info("shard {}: created ({}d, {}, {}, M={}, beam={})", k, spec.dimension(), spec.metric(), spec.type(),
                    spec.m(), spec.beamWidth());
            return new SegmentedShard(k, spec, config, indexers, timer, buildPool);
        });
        if (!shard.spec().equals(spec)) {
            throw new IllegalStateException("shard " + key + " exists with spec " + shard.spec() + ", not " + spec);
        }
        return shard;
    }

    public Optional<LocalShard> get(ShardKey key) {
        return Optional.ofNullable(shards.get(key));
    }

    /** Removes and closes the shard; false if there was none. */
    public boolean remove(ShardKey key) {
        SegmentedShard shard = shards.remove(key);
        if (shard == null) {
            return false;
        }
        shard.close();
        return true;
    }

    /** A snapshot of the current shards. */
    public Map<ShardKey, LocalShard> all() {
        return Map.copyOf(shards);
    }

    /** Closes every shard and stops the indexing threads (waits up to 10 s for a running build). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shards.values().forEach(SegmentedShard::close);
        shards.clear();
        timer.shutdownNow();
        indexers.shutdownNow();
        buildPool.shutdownNow();
        try {
            // The timer too: shutdownNow only interrupts, and its thread must be gone when close returns.
            if (!indexers.awaitTermination(10, TimeUnit.SECONDS) || !buildPool.awaitTermination(10, TimeUnit.SECONDS)
                    || !timer.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("shard registry: indexing threads still running after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shard registry closed");
    }
}
