package io.pyrope.compute.ignite;

import io.pyrope.shard.ShardKey;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The writes to each index that this node has started and not finished. Dropping an index first
 * marks it dropping (new writes are refused) and then waits on every node until this count is
 * zero, so that no write accepted just before the drop lands after the drop removed the entries
 * (which would leave orphan entries and a shard for an index that no longer exists).
 */
public final class WritesInFlight {
    private final ConcurrentHashMap<ShardKey, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Object drained = new Object();

    /** Marks a write as started; close the returned handle when it has finished, however it ends. */
    public Handle enter(ShardKey key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        return new Handle(key);
    }

    /** Writes to {@code key} in flight on this node now. */
    public int count(ShardKey key) {
        AtomicInteger c = counts.get(key);
        return c == null ? 0 : c.get();
    }

    /** Waits until no write to {@code key} is in flight on this node; false on timeout. */
    public boolean awaitNone(ShardKey key, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            while (count(key) > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void exit(ShardKey key) {
        AtomicInteger c = counts.get(key);
        if (c.decrementAndGet() == 0) {
            synchronized (drained) {
                drained.notifyAll();
            }
        }
    }

    /** One write in flight. */
    public final class Handle implements AutoCloseable {
        private final ShardKey key;
        private boolean closed;

        private Handle(ShardKey key) {
            this.key = key;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                exit(key);
            }
        }
    }
}
