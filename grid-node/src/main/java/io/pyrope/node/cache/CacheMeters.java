package io.pyrope.node.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Result-cache meters: lookups by level and outcome (hit, miss, stale = found but invalidated by a
 * write or expired), near-cache evictions, version bumps by writes, TTLs chosen, and the
 * server-side time of searches answered from cache.
 */
final class CacheMeters {
    private final MeterRegistry registry;
    private final Timer hitLatency;
    private final DistributionSummary ttls;
    private final Counter bumps;
    private final Counter bypassed;
    private final Counter advisedTtls;
    /** Tagged counters, looked up once: building a meter id per search costs more than the count. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CacheMeters(MeterRegistry registry) {
        this.registry = registry;
        this.hitLatency = Timer.builder("pyrope.cache.hit.latency")
                .description("Server-side time of searches answered from a result cache")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false).register(registry);
        this.ttls = DistributionSummary.builder("pyrope.cache.ttl").baseUnit("milliseconds")
                .description("TTL chosen for cached results (from write heat)")
                .publishPercentiles(0.5, 0.9).register(registry);
        this.bumps = Counter.builder("pyrope.cache.invalidations").baseUnit("writes")
                .description("Writes that bumped freshness versions (invalidating dependent cached results)")
                .register(registry);
        this.advisedTtls = Counter.builder("pyrope.cache.ttl.advised")
                .description("Cached results whose TTL came from the sidecar's advice instead of the write heat")
                .register(registry);
        this.bypassed = Counter.builder("pyrope.cache.bypassed").description("Searches that asked to bypass the caches")
                .register(registry);
        // Every series exists from the start (at 0), so dashboards and alerts never see a gap.
        for (String level : new String[] {"exact", "semantic", "key", "alias"}) {
            for (String outcome : new String[] {"hit", "miss", "stale"}) {
                lookup(level, outcome, 0);
            }
        }
        lookup("semantic", "loose_hit", 0);
        for (String outcome : new String[] {"shared", "local_only", "failed"}) {
            fill(outcome, 0);
        }
        evicted("exact", 0);
        evicted("semantic", 0);
    }

    void lookup(String level, String outcome) {
        lookup(level, outcome, 1);
    }

    void evicted(String level) {
        evicted(level, 1);
    }

    /** Where a filled result went: shared (stored cluster-wide), local_only (too many in flight), failed. */
    void fill(String outcome) {
        fill(outcome, 1);
    }

    private void lookup(String level, String outcome, int n) {
        counters.computeIfAbsent("lookups/" + level + "/" + outcome,
                k -> registry.counter("pyrope.cache.lookups", "level", level, "outcome", outcome)).increment(n);
    }

    private void evicted(String level, int n) {
        counters.computeIfAbsent("evictions/" + level, k -> registry.counter("pyrope.cache.evictions", "level", level))
                .increment(n);
    }

    private void fill(String outcome, int n) {
        counters.computeIfAbsent("fills/" + outcome, k -> Counter.builder("pyrope.cache.fills").tag("outcome", outcome)
                .description("Search results stored in the result caches, by where they went").register(registry))
                .increment(n);
    }

    void hit(long nanos) {
        hitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void ttl(long ms) {
        ttls.record(ms);
    }

    void bump() {
        bumps.increment();
    }

    void advisedTtl() {
        advisedTtls.increment();
    }

    void bypass() {
        bypassed.increment();
    }

    Timer hitLatency() {
        return hitLatency;
    }
}
