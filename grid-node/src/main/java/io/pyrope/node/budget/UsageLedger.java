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
 * concurrent flushes from any number of nodes lose nothing). Reads are local: the replicated
 * entry with this node's own flushed part replaced by its exact local total (so a flush in flight
 * is counted once, never twice and never missed).
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
    private final String node;
    private final Clock clock;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    public UsageLedger(Ignite ignite, Clock clock, long flushMillis) {
        this.cache = DynamicCaches.getOrCreate(ignite, cacheConfig());
        this.node = String.valueOf(ignite.cluster().localNode().consistentId());
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
        p.spentTotal.add(costMicros);
        p.searches.increment();
        if (degraded) {
            p.degraded.increment();
        }
    }

    /**
     * Charges one background prefetch search in the current month: it counts towards the budget
     * like any search, and apart as prefetch (not as a search of the tenant's).
     */
    public void chargePrefetch(TenantId tenant, long costMicros) {
        Pending p = pending(key(tenant, currentMonth()));
        p.spent.add(costMicros);
        p.spentTotal.add(costMicros);
        p.prefetchSpent.add(costMicros);
        p.prefetches.increment();
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
        long prefetchSpent = stored == null ? 0 : stored.prefetchMicros();
        long prefetches = stored == null ? 0 : stored.prefetches();
        Pending p = pending.get(key);
        if (p != null) {
            // This node's spend exactly: all it charged, instead of the part it has flushed.
            spent += p.spentTotal.sum() - (stored == null ? 0 : stored.spentMicrosBy(node));
            // Counts only inform (budgets read spend): one in flight may count twice for a moment.
            searches += p.searches.sum();
            degraded += p.degraded.sum();
            rejected += p.rejected.sum();
            prefetchSpent += p.prefetchSpent.sum() + p.prefetchInFlight.sum();
            prefetches += p.prefetches.sum();
        }
        return new TenantUsage(month, spent / 1e6, budget, searches, degraded, rejected, prefetchSpent / 1e6, prefetches);
    }

    /** Adds every pending counter to the cluster-wide entries (also called on close). */
    public void flush() {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            long spent = p.spent.sumThenReset();
            long searches = p.searches.sumThenReset();
            long degraded = p.degraded.sumThenReset();
            long rejected = p.rejected.sumThenReset();
            long prefetchSpent = p.prefetchSpent.sumThenReset();
            long prefetches = p.prefetches.sumThenReset();
            if (spent == 0 && searches == 0 && degraded == 0 && rejected == 0 && prefetches == 0) {
                // Counters of months long past are dropped; current ones stay, as a charge may hold
                // them right now (removing those could lose its update).
                if (monthOf(e.getKey()).isBefore(currentMonth().minusMonths(1))) {
                    pending.remove(e.getKey(), p);
                }
                continue;
            }
            p.prefetchInFlight.add(prefetchSpent);
            try {
                cache.invoke(e.getKey(), new AddUsage(node, spent, searches, degraded, rejected, prefetchSpent, prefetches));
            } catch (RuntimeException ex) {
                // Not lost: put back and retried at the next flush.
                p.spent.add(spent);
                p.searches.add(searches);
                p.degraded.add(degraded);
                p.rejected.add(rejected);
                p.prefetchSpent.add(prefetchSpent);
                p.prefetches.add(prefetches);
                throw ex;
            } finally {
                p.prefetchInFlight.add(-prefetchSpent);
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

    /** The key's local counters; a new one starts from what this node flushed before (e.g. before a restart). */
    private Pending pending(String key) {
        Pending p = pending.get(key);
        return p != null ? p : pending.computeIfAbsent(key, k -> {
            UsageCounters stored = cache.localPeek(k);
            return new Pending(stored == null ? 0 : stored.spentMicrosBy(node));
        });
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
        /** Not yet flushed. */
        final LongAdder spent = new LongAdder();
        /** Everything this node has charged for the key, flushed or not. */
        final LongAdder spentTotal = new LongAdder();
        final LongAdder searches = new LongAdder();
        final LongAdder degraded = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final LongAdder prefetchSpent = new LongAdder();
        final LongAdder prefetchInFlight = new LongAdder();
        final LongAdder prefetches = new LongAdder();

        Pending(long flushedBefore) {
            spentTotal.add(flushedBefore);
        }
    }
}
