package io.pyrope.node.cache;

import org.apache.ignite.lang.IgniteFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes of filled results to the distributed caches, off the search's path: the search answers
 * while its own thread ({@code pyrope-cache-fill}) stores the result. Ignite's async put and
 * invoke still marshal in the calling thread when the partition is local, so the calls are made
 * from that thread, not the request's. At most {@code maxInFlight} writes are queued or
 * outstanding; past that a fill stays node-local (the near caches already hold it): a flood of
 * misses can neither queue unbounded work nor slow the searches that cause it. Safe for
 * freshness: an entry carries the versions read before its search, whenever it lands.
 * Owns its thread: {@link #close()} stops it (queued fills are dropped: derived data).
 */
final class SharedFills implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedFills.class);

    private final int maxInFlight;
    private final Semaphore permits;
    private final CacheMeters meters;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pyrope-cache-fill");
        t.setDaemon(true);
        return t;
    });

    SharedFills(int maxInFlight, CacheMeters meters) {
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        this.meters = meters;
    }

    /** Starts {@code write} on the fill thread if a slot is free. */
    void submit(Supplier<IgniteFuture<?>> write) {
        if (!permits.tryAcquire()) {
            meters.fill("local_only");
            return;
        }
        try {
            writer.execute(() -> start(write));
        } catch (RejectedExecutionException e) {
            permits.release();
            meters.fill("local_only");
        }
    }

    private void start(Supplier<IgniteFuture<?>> write) {
        IgniteFuture<?> f;
        try {
            f = write.get();
        } catch (RuntimeException e) {
            permits.release();
            failed(e);
            return;
        }
        f.listen(landed -> {
            try {
                landed.get();
                meters.fill("shared");
            } catch (RuntimeException e) {
                failed(e);
            } finally {
                permits.release();
            }
        });
    }

    /** No write queued or in flight: every fill so far has landed or been dropped. */
    boolean idle() {
        return permits.availablePermits() == maxInFlight;
    }

    private void failed(RuntimeException e) {
        // Derived data: a lost fill is a later miss, never a wrong answer.
        meters.fill("failed");
        LOG.debug("result-cache fill not stored: {}", e.toString());
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
