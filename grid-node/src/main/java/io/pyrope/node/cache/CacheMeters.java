package io.pyrope.node.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

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
    }

    void lookup(String level, String outcome) {
        registry.counter("pyrope.cache.lookups", "level", level, "outcome", outcome).increment();
    }

    void evicted(String level) {
        registry.counter("pyrope.cache.evictions", "level", level).increment();
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
