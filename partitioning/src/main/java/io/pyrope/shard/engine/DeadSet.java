package io.pyrope.shard.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Fixed-size concurrent tombstone bitset: set-only, lock-free reads, exact cardinality. */
final class DeadSet {
    private final AtomicLongArray words;
    private final AtomicInteger count = new AtomicInteger();

    DeadSet(int capacity) {
        words = new AtomicLongArray((capacity + 63) >>> 6);
    }

    boolean get(int i) {
        return (words.get(i >>> 6) & (1L << i)) != 0;
    }

    /** Marks {@code i} dead; true if it was live before. */
    boolean set(int i) {
        int w = i >>> 6;
        long bit = 1L << i;
        long prev = words.getAndUpdate(w, x -> x | bit);
        if ((prev & bit) == 0) {
            count.incrementAndGet();
            return true;
        }
        return false;
    }

    int cardinality() {
        return count.get();
    }
}
