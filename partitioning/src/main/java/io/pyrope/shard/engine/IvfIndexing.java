package io.pyrope.shard.engine;

import io.pyrope.domain.IndexSpec;
import io.pyrope.shard.centroid.Centroids;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The IVF side of one shard: the newest centroids it was given, and which sealed blocks still need
 * lists built on them. The shard's {@link Indexer} does the building (in place of graph builds),
 * one block per step, so a retrain reassigns the whole shard block by block while every search
 * stays correct: a block is searched through its own complete lists, old or new. Until the first
 * centroids arrive nothing can be indexed and every entry is scanned exactly. Thread-safe.
 */
final class IvfIndexing {
    private final IndexSpec spec;
    private final AtomicReference<IvfCentroids> current = new AtomicReference<>();

    IvfIndexing(IndexSpec spec) {
        this.spec = spec;
    }

    /** Takes {@code centroids} if they are newer than the current ones and fit the index; true if taken. */
    boolean offer(Centroids centroids) {
        if (centroids.dimension() != spec.dimension() || centroids.metric() != spec.metric()) {
            throw new IllegalArgumentException("centroids " + centroids + " do not fit index " + spec.name() + " ("
                    + spec.dimension() + "d, " + spec.metric() + ")");
        }
        IvfCentroids next = new IvfCentroids(centroids);
        IvfCentroids prev;
        do {
            prev = current.get();
            if (prev != null && prev.version() >= next.version()) {
                return false;
            }
        } while (!current.compareAndSet(prev, next));
        return true;
    }

    /** 0 before the first centroids. */
    long version() {
        IvfCentroids c = current.get();
        return c == null ? 0 : c.version();
    }

    boolean ready() {
        return current.get() != null;
    }

    /** Lists for {@code count} entries of a sealed block over the current centroids (call only when ready). */
    IvfLists build(Block block, int count) {
        return IvfLists.build(block, count, current.get());
    }

    /** A segment whose lists are from older centroids than the current ones, or null. */
    Block firstStale(ShardState state) {
        IvfCentroids c = current.get();
        if (c == null) {
            return null;
        }
        for (Block b : state.blocks()) {
            IvfLists l = b.lists();
            if (l != null && l.centroids().version() < c.version()) {
                return b;
            }
        }
        return null;
    }
}
