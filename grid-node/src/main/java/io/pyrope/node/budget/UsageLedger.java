package io.pyrope.node.budget;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantUsage;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cluster-wide usage per tenant and calendar month (UTC, keyed by year and month), without a
 * remote round trip per search: charges add up in node-local counters, and a flusher adds them to
 * a REPLICATED cache every {@code flushMillis} with an entry processor (atomic on the primary, so
 * concurrent flushes from any number of nodes lose nothing). Reads are local (replicated cache)
 * plus this node's unflushed part.
 *
 * <p>Staleness bound: a node sees every other node's usage up to that node's last flush, so the
 * spend a node does not see is at most what the other nodes charged in one flush interval (plus
 * the flush's own round trip). Owned by the node; {@link #close()} stops the flusher after a last
 * flush.
 */
public final class UsageLedger implements AutoCloseable {
    public static final String CACHE = "pyrope-usage";
    private static final Logger LOG = LoggerFactory.getLogger(UsageLedger.class);

    private final IgniteCache<String, UsageCounters> cache;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public UsageLedger(Ignite ignite, Clock clock, long flushMillis) {
        this.cache = DynamicCaches.getOrCreate(ignite, cacheConfig());
        this.clock = clock;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyrope-usage-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    static CacheConfiguration<String, UsageCounters> cacheConfig() {
        return new CacheConfiguration<String, UsageCounters>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true);
    }

    /** The calendar month (UTC) the clock is in now. */
    public YearMonth currentMonth() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Charges one search in the current month. */
    public void chargeSearch(TenantId tenant, long costMicros, boolean degraded) {
        Pending p = pending(key(tenant, currentMonth()));
        p.spent.add(costMicros);
        p.searches.increment();
        if (degraded) {
            p.degraded.increment();
        }
    }

    /** Counts a request refused for budget or quota in the current month. */
    public void countRejected(TenantId tenant) {
        pending(key(tenant, currentMonth())).rejected.increment();
    }

    /** The tenant's usage in {@code month}: flushed cluster-wide part plus this node's unflushed part. */
    public TenantUsage usage(TenantId tenant, YearMonth month, double budget) {
        String key = key(tenant, month);
        UsageCounters stored = cache.localPeek(key);
        long spent = stored == null ? 0 : stored.spentMicros();
        long searches = stored == null ? 0 : stored.searches();
        long degraded = stored == null ? 0 : stored.degraded();
        long rejected = stored == null ? 0 : stored.rejected();
        Pending p = pending.get(key);
        if (p != null) {
            // In flight: taken from the counters, maybe not yet in the cache (counted twice for a
            // moment after the flush lands, never missed).
            spent += p.spent.sum() + p.spentInFlight.sum();
            searches += p.searches.sum();
            degraded += p.degraded.sum();
            rejected += p.rejected.sum();
        }
        return new TenantUsage(month, spent / 1e6, budget, searches, degraded, rejected);
    }

    /** Adds every pending counter to the cluster-wide entries (also called on close). */
    public void flush() {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            long spent = p.spent.sumThenReset();
            long searches = p.searches.sumThenReset();
            long degraded = p.degraded.sumThenReset();
            long rejected = p.rejected.sumThenReset();
            if (spent == 0 && searches == 0 && degraded == 0 && rejected == 0) {
                // Counters of months long past are dropped; current ones stay, as a charge may hold
                // them right now (removing those could lose its update).
                if (monthOf(e.getKey()).isBefore(currentMonth().minusMonths(1))) {
                    pending.remove(e.getKey(), p);
                }
                continue;
            }
            p.spentInFlight.add(spent);
            try {
                cache.invoke(e.getKey(), new AddUsage(spent, searches, degraded, rejected));
            } catch (RuntimeException ex) {
                // Not lost: put back and retried at the next flush.
                p.spent.add(spent);
                p.searches.add(searches);
                p.degraded.add(degraded);
                p.rejected.add(rejected);
                throw ex;
            } finally {
                p.spentInFlight.add(-spent);
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("usage flush failed, will retry: {}", e.toString());
        }
    }

    private Pending pending(String key) {
        return pending.computeIfAbsent(key, k -> new Pending());
    }

    static String key(TenantId tenant, YearMonth month) {
        return tenant.value() + '\u0000' + month;
    }

    private static YearMonth monthOf(String key) {
        return YearMonth.parse(key.substring(key.indexOf('\u0000') + 1));
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            if (!flusher.awaitTermination(5, TimeUnit.SECONDS)) {
                flusher.shutdownNow();
            }
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("last usage flush failed: {}", e.toString());
        }
    }

    private static final class Pending {
        final LongAdder spent = new LongAdder();
        final LongAdder spentInFlight = new LongAdder();
        final LongAdder searches = new LongAdder();
        final LongAdder degraded = new LongAdder();
        final LongAdder rejected = new LongAdder();
    }
}
