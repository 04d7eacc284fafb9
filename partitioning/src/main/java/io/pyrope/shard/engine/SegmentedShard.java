package io.pyrope.shard.engine;

import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.pyrope.domain.IndexSpec;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.ShardStats;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.centroid.Centroids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * LSM-style {@link LocalShard}: writes append to a delta head (searched exactly); a background
 * {@link Indexer} seals heads and gives them jvector graphs (HNSW) or inverted lists over the
 * index's centroids (IVF, see {@link IvfIndexing}), and merges segments. Readers work on an
 * immutable {@link ShardState} without locks; writers hold a short lock (append, id map,
 * tombstone). No lock is held while a graph or lists are built.
 */
public final class SegmentedShard implements LocalShard {
    private static final Logger log = LoggerFactory.getLogger(SegmentedShard.class);

    private final ShardKey key;
    private final IndexSpec spec;
    private final MetricSpace space;
    private final ShardEngineConfig config;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentHashMap<String, Loc> locations = new ConcurrentHashMap<>();
    private final SecondaryIndex secondary = new SecondaryIndex();
    private final AtomicLong blockIds = new AtomicLong();
    private final Object progress = new Object();
    private final Indexer indexer;
    private final ShardSearch searcher;
    /** Null for HNSW indexes. */
    private final IvfIndexing ivf;
    private volatile ShardState state;
    private volatile boolean closed;

    /** Monotonic time of the last upsert, for the indexer's write-burst deferral. */
    private volatile long lastWriteNanos = System.nanoTime();
    /** Blocks up to this id are indexed without deferral (someone awaits them). */
    private volatile long flushUpTo = -1;

    /**
     * {@code executor} runs this shard's indexing steps, {@code timer} resumes deferred ones and
     * {@code buildPool} runs jvector builds. All are owned by the caller.
     */
    public SegmentedShard(ShardKey key, IndexSpec spec, ShardEngineConfig config, Executor executor,
                          ScheduledExecutorService timer, ForkJoinPool buildPool) {
        this.key = key;
        this.spec = spec;
        this.config = config;
        this.space = new MetricSpace(spec.metric(), spec.dimension());
        this.ivf = spec.isIvf() ? new IvfIndexing(spec) : null;
        this.state = ShardState.initial(newHead());
        this.indexer = new Indexer(this, executor, timer, buildPool,
                new MergePolicy(config.mergeFactor(), config.maxSegments(), config.maxDeadRatio(), config.headSealMin()));
        this.searcher = new ShardSearch(this);
    }

    @Override
    public IndexSpec spec() {
        return spec;
    }

    public ShardKey key() {
        return key;
    }

    @Override
    public void upsert(String id, int partition, float[] vector, Map<String, String> metadata) {
        write(id, partition, vector, metadata, false);
    }

    @Override
    public boolean upsertIfAbsent(String id, int partition, float[] vector, Map<String, String> metadata) {
        return write(id, partition, vector, metadata, true);
    }

    private boolean write(String id, int partition, float[] vector, Map<String, String> metadata, boolean onlyIfAbsent) {
        if (vector.length != spec.dimension()) {
            throw new IllegalArgumentException("vector '" + id + "' has dimension " + vector.length
                    + "; the index has dimension " + spec.dimension());
        }
        if (partition < 0) {
            throw new IllegalArgumentException("negative partition " + partition);
        }
        Map<String, String> md = metadata == null || metadata.isEmpty() ? Map.of() : Map.copyOf(metadata);
        VectorFloat<?> searchVector = space.searchVector(vector);
        boolean kick;
        writeLock.lock();
        try {
            ensureOpen();
            if (onlyIfAbsent && locations.containsKey(id)) {
                return false;
            }
            Block head = state.head();
            boolean sealed = false;
            if (head.isFull()) {
                head = sealHeadLocked();
                sealed = true;
            }
            int ord = head.append(id, partition, vector, searchVector, md);
            Loc old = locations.put(id, new Loc(head, ord));
            if (old == null) {
                secondary.add(id, partition, md);
            } else {
                old.block().kill(old.ord());
                secondary.replace(id, old.partition(), old.metadata(), partition, md);
            }
            kick = sealed || head.count() >= config.headSealMin();
            lastWriteNanos = System.nanoTime();
        } finally {
            writeLock.unlock();
        }
        if (kick) {
            indexer.kick();
        }
        return true;
    }

    @Override
    public boolean delete(String id) {
        writeLock.lock();
        try {
            ensureOpen();
            return deleteLocked(id, -1);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public int removePartition(int partition) {
        List<String> ids = new ArrayList<>(secondary.partition(partition));
        int removed = 0;
        for (int from = 0; from < ids.size(); from += 512) {
            writeLock.lock();
            try {
                ensureOpen();
                for (int i = from; i < Math.min(ids.size(), from + 512); i++) {
                    if (deleteLocked(ids.get(i), partition)) {
                        removed++;
                    }
                }
            } finally {
                writeLock.unlock();
            }
        }
        log.info("shard {}: removed partition {} ({} entries)", key, partition, removed);
        indexer.kick();
        return removed;
    }

    @Override
    public ShardSearchResult search(ShardQuery query) {
        ensureOpen();
        return searcher.search(query);
    }

    @Override
    public boolean useCentroids(Centroids centroids) {
        if (ivf == null || closed || !ivf.offer(centroids)) {
            return false;
        }
        log.info("shard {}: IVF lists move to centroids version {} (k={})", key, centroids.version(), centroids.k());
        indexer.kick();
        return true;
    }

    @Override
    public long centroidVersion() {
        return ivf == null ? 0 : ivf.version();
    }

    @Override
    public ShardStats stats() {
        ShardState s = state;
        long head = 0;
        long tombstones = 0;
        int segments = 0;
        for (Block b : s.blocks()) {
            tombstones += b.dead.cardinality();
            if (b.indexed()) {
                segments++;
            } else {
                head += b.liveCount();
            }
        }
        return new ShardStats(locations.size(), head, segments, tombstones);
    }

    @Override
    public Set<String> ids() {
        return new HashSet<>(locations.keySet());
    }

    @Override
    public Set<String> ids(int partition) {
        return new HashSet<>(secondary.partition(partition));
    }

    @Override
    public List<float[]> sample(int max, long seed) {
        List<Loc> all = new ArrayList<>(locations.values());
        Random rnd = new Random(seed);
        int n = Math.min(max, all.size());
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int j = i + rnd.nextInt(all.size() - i);
            Loc pick = all.get(j);
            all.set(j, all.get(i));
            out.add(pick.block().raw[pick.ord()].clone());
        }
        return out;
    }

    @Override
    public boolean awaitIndexed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long upTo;
        writeLock.lock();
        try {
            ensureOpen();
            if (state.head().count() > 0) {
                sealHeadLocked();
            }
            upTo = state.head().id - 1;
            flushUpTo = Math.max(flushUpTo, upTo);
        } finally {
            writeLock.unlock();
        }
        indexer.kick();
        synchronized (progress) {
            while (hasUnindexed(upTo)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    /** Waits until the indexer has nothing left to do (heads drained, merges done); for tests and benchmarks. */
    public boolean awaitQuiescent(Duration timeout) throws InterruptedException {
        if (!awaitIndexed(timeout)) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (indexer.busyOrPending()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return false;
                }
                progress.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ShardState s = state;
            state = ShardState.initial(new Block(-1, 1));
            locations.clear();
            secondary.clear();
            for (Block b : s.blocks()) {
                if (b.graph() != null) {
                    b.graph().close();
                }
            }
        } finally {
            writeLock.unlock();
        }
        signalProgress();
        log.info("shard {}: closed", key);
    }

    // ---- package-private: used by Indexer, ShardSearch and tests ----

    void beforePublish(Runnable hook) {
        indexer.beforePublish(hook);
    }

    long indexerSteps() {
        return indexer.steps();
    }

    ShardState state() {
        return state;
    }

    MetricSpace space() {
        return space;
    }

    /** The IVF state, or null for an HNSW index. */
    IvfIndexing ivf() {
        return ivf;
    }

    /** False only for an IVF index before its first centroids: sealed blocks then stay exactly scanned. */
    boolean canIndex() {
        return ivf == null || ivf.ready();
    }

    ShardEngineConfig config() {
        return config;
    }

    SecondaryIndex secondary() {
        return secondary;
    }

    Loc location(String id) {
        return locations.get(id);
    }

    int liveCount() {
        return locations.size();
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * How long indexing should still wait, in nanoseconds: while writes keep arriving (the last one
     * less than {@code indexQuietMillis} ago) and fewer than {@code maxUnindexed} entries wait, graph
     * builds are deferred so that they neither slow the burst down nor cut it into small graphs.
     * 0 when indexing should run now (quiet, backlog too large, or someone awaits the result).
     */
    long indexingDeferral() {
        long quietNanos = config.indexQuietMillis() * 1_000_000L;
        if (quietNanos == 0) {
            return 0;
        }
        long sinceWrite = System.nanoTime() - lastWriteNanos;
        if (sinceWrite >= quietNanos) {
            return 0;
        }
        ShardState s = state;
        long unindexed = 0;
        for (Block b : s.blocks()) {
            if (!b.indexed()) {
                if (b != s.head() && b.id <= flushUpTo) {
                    return 0;
                }
                unindexed += b.count();
            }
        }
        return unindexed >= config.maxUnindexed() ? 0 : quietNanos - sinceWrite;
    }

    /** Seals the head if it holds at least {@code min} entries; returns the blocks still waiting for a graph. */
    List<Block> sealIfAtLeast(int min) {
        writeLock.lock();
        try {
            if (!closed && state.head().count() >= Math.max(1, min)) {
                sealHeadLocked();
            }
            return state.sealedWithoutGraph();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Publishes {@code target} (with its graph) in place of {@code sources}: ids still pointing at
     * their source slot move to the target, entries deleted or replaced meanwhile are tombstoned.
     */
    void commitRewrite(List<Block> sources, Block target, Block[] sourceBlocks, int[] sourceOrds) {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            if (target != null) {
                for (int i = 0; i < target.count(); i++) {
                    String id = target.ids[i];
                    Loc cur = locations.get(id);
                    if (cur != null && cur.is(sourceBlocks[i], sourceOrds[i])) {
                        locations.put(id, new Loc(target, i));
                    } else {
                        target.kill(i);
                    }
                }
            }
            state = state.replacing(new HashSet<>(sources), target);
        } finally {
            writeLock.unlock();
        }
        for (Block b : sources) {
            if (b.graph() != null) {
                b.graph().close();
            }
        }
        signalProgress();
    }

    void signalProgress() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    Block newBlock(int capacity) {
        return new Block(blockIds.incrementAndGet(), capacity);
    }

    private Block newHead() {
        return newBlock(config.headCapacity());
    }

    private Block sealHeadLocked() {
        Block old = state.head();
        old.seal();
        Block next = newHead();
        state = state.withNewHead(next);
        return next;
    }

    private boolean deleteLocked(String id, int onlyPartition) {
        Loc loc = locations.get(id);
        if (loc == null || (onlyPartition >= 0 && loc.partition() != onlyPartition)) {
            return false;
        }
        locations.remove(id);
        loc.block().kill(loc.ord());
        secondary.remove(id, loc.partition(), loc.metadata());
        return true;
    }

    private boolean hasUnindexed(long upTo) {
        if (!canIndex()) {
            return false; // IVF before its first centroids: nothing can be indexed yet
        }
        for (Block b : state.blocks()) {
            if (b.id <= upTo && !b.indexed() && b != state.head()) {
                return true;
            }
        }
        return false;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("shard " + key + " is closed");
        }
    }
}
