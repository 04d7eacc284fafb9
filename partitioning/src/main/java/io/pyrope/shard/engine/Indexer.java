package io.pyrope.shard.engine;

import io.pyrope.shard.ShardEngineConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The background work of one shard, one step at a time on the registry's executor (never two at
 * once for a shard): seal the head and build its graph, combine several waiting heads into one
 * segment, or merge segments chosen by the {@link MergePolicy}. Graph builds run on the
 * registry's ForkJoinPool with no shard lock held; results are published by the shard's commit.
 */
final class Indexer {
    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    /** A deferred run re-checks at least this often (backlog bound reached, someone awaiting). */
    private static final long RECHECK_NANOS = 50_000_000L;

    private final SegmentedShard shard;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final ForkJoinPool buildPool;
    private final MergePolicy policy;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong steps = new AtomicLong();
    /** Test hook: runs after a graph is built and before it is published (no lock held). */
    private volatile Runnable beforePublish = () -> { };

    Indexer(SegmentedShard shard, Executor executor, ScheduledExecutorService timer, ForkJoinPool buildPool,
            MergePolicy policy) {
        this.shard = shard;
        this.executor = executor;
        this.timer = timer;
        this.buildPool = buildPool;
        this.policy = policy;
    }

    /**
     * Schedules a run unless one is already running or deferred (a deferred run re-checks when it
     * resumes); cheap enough for the write path.
     */
    void kick() {
        if (running.get() || shard.isClosed() || !running.compareAndSet(false, true)) {
            return;
        }
        submit();
    }

    /** Runs {@link #run()} on the executor; the caller owns the running flag. */
    private void submit() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            running.set(false);
        }
    }

    void beforePublish(Runnable hook) {
        beforePublish = hook;
    }

    /** Completed units of work (seals, builds, merges) so far. */
    long steps() {
        return steps.get();
    }

    boolean busyOrPending() {
        return running.get() || (!shard.isClosed() && hasWork());
    }

    private void run() {
        boolean failed = false;
        long deferNanos = 0;
        try {
            while (!shard.isClosed()) {
                deferNanos = hasWork() ? shard.indexingDeferral() : 0;
                if (deferNanos > 0 || !step()) {
                    break;
                }
                steps.incrementAndGet();
                shard.signalProgress();
            }
        } catch (RuntimeException | Error e) {
            failed = true;
            if (shard.isClosed()) {
                log.debug("shard {}: indexing stopped by close", shard.key(), e);
            } else {
                log.error("shard {}: indexing failed; will retry on the next write", shard.key(), e);
            }
        }
        if (!failed && deferNanos > 0 && !shard.isClosed()) {
            // Still "running": writes kick nothing meanwhile, and the timer resumes this run.
            try {
                timer.schedule(this::submit, Math.min(deferNanos, RECHECK_NANOS), TimeUnit.NANOSECONDS);
                return;
            } catch (RejectedExecutionException e) {
                // The registry is closing.
            }
        }
        running.set(false);
        shard.signalProgress();
        if (!failed && hasWork()) {
            kick();
        }
    }

    private boolean hasWork() {
        if (!shard.canIndex()) {
            return false;
        }
        ShardState s = shard.state();
        return s.head().count() >= shard.config().headSealMin()
                || !s.sealedWithoutGraph().isEmpty()
                || (shard.ivf() != null && shard.ivf().firstStale(s) != null)
                || !policy.select(sizes(s.segments())).isEmpty();
    }

    /** One unit of work; false when there is nothing to do. */
    private boolean step() {
        if (!shard.canIndex()) {
            return false;
        }
        ShardEngineConfig config = shard.config();
        List<Block> waiting = shard.sealIfAtLeast(config.headSealMin());
        List<Block> segments = shard.state().segments();
        if (!waiting.isEmpty()) {
            // Segments smaller than a head, or than what is drained now, ride along: a search then
            // visits one graph instead of a small one beside a big one, for at most the drain's
            // cost again, and a burst indexed in pieces still ends as one graph.
            List<Block> sources = new ArrayList<>(waiting);
            int draining = 0;
            for (Block w : waiting) {
                draining += w.liveCount();
            }
            for (Block s : segments) {
                if (s.liveCount() < Math.max(config.headCapacity(), draining)) {
                    sources.add(s);
                }
            }
            if (sources.size() == 1 && waiting.get(0).deadRatio() <= config.maxDeadRatio()) {
                buildInPlace(waiting.get(0));
            } else {
                rewrite(sources, "drain");
            }
            return true;
        }
        if (shard.ivf() != null) {
            Block stale = shard.ivf().firstStale(shard.state());
            if (stale != null) {
                reassign(stale);
                return true;
            }
        }
        List<Integer> chosen = policy.select(sizes(segments));
        if (chosen.isEmpty()) {
            return false;
        }
        List<Block> sources = new ArrayList<>(chosen.size());
        for (int i : chosen) {
            sources.add(segments.get(i));
        }
        rewrite(sources, "merge");
        return true;
    }

    /** A sealed head gets its graph or lists; the entries keep their ordinals, so nothing is remapped. */
    private void buildInPlace(Block block) {
        long t0 = System.nanoTime();
        if (shard.ivf() != null) {
            IvfLists lists = shard.ivf().build(block, block.count());
            beforePublish.run();
            block.attach(lists);
        } else {
            SegmentGraph graph = SegmentGraph.build(block.vectors, block.count(), shard.space(), shard.spec(), buildPool,
                    shard::isClosed);
            beforePublish.run();
            block.attach(graph);
        }
        log.info("shard {}: indexed head {} ({} entries) in {} ms", shard.key(), block.id, block.count(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Copies the live entries of {@code sources} into one new segment with a fresh graph. */
    private void rewrite(List<Block> sources, String why) {
        long t0 = System.nanoTime();
        int live = 0;
        for (Block b : sources) {
            live += b.liveCount(); // an upper bound: tombstones only grow on a sealed block
        }
        Block target = shard.newBlock(Math.max(1, live));
        Block[] fromBlock = new Block[live];
        int[] fromOrd = new int[live];
        int n = 0;
        for (Block b : sources) {
            int count = b.count();
            for (int i = 0; i < count; i++) {
                if (!b.isDead(i)) {
                    fromBlock[n] = b;
                    fromOrd[n] = i;
                    target.append(b.ids[i], b.partitions[i], b.raw[i], b.vectors[i], b.metadata[i]);
                    n++;
                }
            }
        }
        target.seal();
        if (n == 0) {
            shard.commitRewrite(sources, null, fromBlock, fromOrd);
        } else {
            if (shard.ivf() != null) {
                target.attach(shard.ivf().build(target, n));
            } else {
                target.attach(SegmentGraph.build(target.vectors, n, shard.space(), shard.spec(), buildPool,
                        shard::isClosed));
            }
            beforePublish.run();
            shard.commitRewrite(sources, target, fromBlock, fromOrd);
        }
        log.info("shard {}: {} of {} blocks into {} live entries in {} ms", shard.key(), why, sources.size(), n,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** New centroids: the block's lists are rebuilt aside and replace the old ones in one write. */
    private void reassign(Block block) {
        long t0 = System.nanoTime();
        IvfLists lists = shard.ivf().build(block, block.count());
        beforePublish.run();
        block.attach(lists);
        log.debug("shard {}: block {} ({} entries) reassigned to centroids v{} in {} ms", shard.key(), block.id,
                block.count(), lists.centroids().version(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static List<MergePolicy.Segment> sizes(List<Block> segments) {
        List<MergePolicy.Segment> out = new ArrayList<>(segments.size());
        for (Block b : segments) {
            out.add(new MergePolicy.Segment(b.liveCount(), b.count()));
        }
        return out;
    }
}
