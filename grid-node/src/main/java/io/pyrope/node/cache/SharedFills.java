package io.pyrope.node.cache;

import org.apache.ignite.lang.IgniteFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes of filled results to the distributed caches, off the search's path: the search answers
 * while Ignite stores its result, and at most {@code maxInFlight} such writes are outstanding on
 * this node. Past that a fill stays node-local (the near caches already hold it): a flood of
 * misses can neither queue unbounded work nor slow the searches that cause it. Safe for freshness:
 * an entry carries the versions read before its search, whenever it lands.
 */
final class SharedFills {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFills.class);

    private final int maxInFlight;
    private final Semaphore permits;
    private final CacheMeters meters;

    SharedFills(int maxInFlight, CacheMeters meters) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.meters = meters;
    }

    /** Starts {@code write} if a slot is free; {@code done} gets its value once it has landed. */
    <T> void submit(Supplier<IgniteFuture<T>> write, Consumer<T> done) {
        if (!permits.tryAcquire()) {
            meters.fill("local_only");
            return;
        }
        IgniteFuture<T> f;
        try {
            f = write.get();
        } catch (RuntimeException e) {
            permits.release();
            failed(e);
            return;
        }
        f.listen(landed -> {
            try {
                T value = landed.get();
                meters.fill("shared");
                done.accept(value);
            } catch (RuntimeException e) {
                failed(e);
            } finally {
                permits.release();
            }
        });
    }

    /** No write in flight: every fill so far has landed or been dropped. */
    boolean idle() {
        return permits.availablePermits() == maxInFlight;
    }

    private void failed(RuntimeException e) {
        // Derived data: a lost fill is a later miss, never a wrong answer.
        meters.fill("failed");
        LOG.debug("result-cache fill not stored: {}", e.toString());
    }
}
