package io.pyrope.node.advice;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.budget.EffortGovernor;
import io.pyrope.node.budget.SearchCharger;
import io.pyrope.node.cache.CacheProbe;
import io.pyrope.node.cache.ResultCache;
import io.pyrope.node.tenant.TenantPolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background warm-ups of predicted clusters. {@link #request} (search path) drops a request for a
 * cluster warmed within {@code rewarmMs} and otherwise hands it to a small pool with a bounded
 * queue (full: skipped and counted). {@link #warm} then: skips a tenant whose budget is short;
 * probes the semantic cache at the cluster's centroid with the triggering search's shape (skips
 * if already warm, or if the centroids changed); searches at full effort; charges the tenant as
 * prefetch; fills the caches like any search. Owns its threads; {@link #close()} stops them.
 */
final class WarmUps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUps.class);

    /** What makes two warm-ups the same: the cluster and everything of the shape that keys a cached result. */
    private record WarmKey(TenantId tenant, String index, long centroidVersion, int cluster, int topK, int ef, int nprobe,
                           MetadataFilter filter, boolean includeMetadata, boolean includeVectors) {
    }

    private final ResultCache cache;
    private final VectorGrid grid;
    private final TenantPolicyStore policies;
    private final EffortGovernor governor;
    private final SearchCharger charger;
    private final AdviceMeters meters;
    private final Cache<WarmKey, Boolean> recent;
    private final ThreadPoolExecutor pool;

    WarmUps(int threads, int queue, long rewarmMs, ResultCache cache, VectorGrid grid, TenantPolicyStore policies,
            EffortGovernor governor, SearchCharger charger, AdviceMeters meters, Clock clock) {
        this.cache = cache;
        this.grid = grid;
        this.policies = policies;
        this.governor = governor;
        this.charger = charger;
        this.meters = meters;
        this.recent = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofMillis(rewarmMs))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(r, "pyrope-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Search path: queues a warm-up of {@code cluster} with {@code shape}'s top_k, effort, filter and flags. */
    void request(TenantId tenant, String index, SearchQuery shape, int cluster, long centroidVersion) {
        WarmKey key = new WarmKey(tenant, index, centroidVersion, cluster, shape.topK(), shape.ef(), shape.nprobe(),
                shape.filter(), shape.includeMetadata(), shape.includeVectors());
        if (recent.asMap().putIfAbsent(key, Boolean.TRUE) != null) {
            meters.prefetch("skipped_recent");
            return;
        }
        try {
            pool.execute(() -> warm(tenant, index, shape, cluster, centroidVersion));
        } catch (RejectedExecutionException e) {
            recent.invalidate(key);
            meters.prefetch("skipped_queue_full");
        }
    }

    /** One warm-up, on the calling thread; returns the outcome it counted. */
    String warm(TenantId tenant, String index, SearchQuery shape, int cluster, long centroidVersion) {
        String outcome;
        try {
            outcome = warmOnce(tenant, index, shape, cluster, centroidVersion);
        } catch (RuntimeException e) {
            // The index was dropped, a node left mid-search ...: a prefetch is only ever advice.
            LOG.debug("prefetch of {}/{} cluster {} failed: {}", tenant, index, cluster, e.toString());
            outcome = "failed";
        }
        meters.prefetch(outcome);
        return outcome;
    }

    private String warmOnce(TenantId tenant, String index, SearchQuery shape, int cluster, long centroidVersion) {
        BudgetPolicy policy = policies.get(tenant).budget();
        if (!governor.affordsPrefetch(tenant, policy)) {
            return "skipped_budget";
        }
        Optional<CacheProbe> probe = cache.prefetchProbe(tenant, index, shape, cluster, centroidVersion);
        if (probe.isEmpty()) {
            return "skipped_stale";
        }
        if (probe.get().hit()) {
            return "skipped_cached";
        }
        SearchResult result = grid.search(tenant, index, probe.get().query());
        charger.chargePrefetch(tenant, result);
        cache.fill(probe.get(), result);
        return "issued";
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
