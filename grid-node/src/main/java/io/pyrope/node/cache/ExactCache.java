package io.pyrope.node.cache;

import io.pyrope.compute.ignite.DynamicCaches;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.pyrope.compute.ignite.CacheLayout;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The exact-result cache: a node-local Caffeine near cache (bounded by weight) in front of a
 * distributed Ignite cache in the page-evicted cache region (bounded by the region, entries
 * expire by their TTL, stored as {@link CachedResultCodec} bytes). Holds entries only; whether one
 * is still fresh is the caller's check.
 */
final class ExactCache {
    static final String CACHE = "pyrope-cache-exact";

    private final IgniteCache<String, byte[]> shared;
    private final Cache<String, CachedResult> near;

    ExactCache(Ignite ignite, long nearMaxBytes, CacheMeters meters) {
        this.shared = DynamicCaches.getOrCreate(ignite, distributed(CACHE));
        this.near = Caffeine.newBuilder()
                .maximumWeight(nearMaxBytes)
                // Evict in the writing thread, so the bound holds at every moment, not eventually.
                .executor(Runnable::run)
                .weigher((String k, CachedResult v) -> k.length() * 2 + v.weight())
                .removalListener((String k, CachedResult v, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        meters.evicted("exact");
                    }
                })
                .build();
    }

    /** A derived-data cache in the cache region: no backups (a lost entry is a miss), eager expiry. */
    static <V> CacheConfiguration<String, V> distributed(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.PRIMARY_SYNC)
                .setBackups(0)
                .setDataRegionName(CacheLayout.CACHE_REGION)
                .setEagerTtl(true)
                .setStatisticsEnabled(false);
    }

    CachedResult get(String key) {
        CachedResult r = near.getIfPresent(key);
        if (r == null) {
            r = CachedResultCodec.decodeResult(shared.get(key));
            if (r != null) {
                near.put(key, r);
            }
        }
        return r;
    }

    /** Stores on this node at once; cluster-wide through {@code fills}, off the caller's path. */
    void put(String key, CachedResult value, long ttlMs, SharedFills fills) {
        near.put(key, value);
        fills.submit(() -> shared.withExpiryPolicy(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, ttlMs)))
                .putAsync(key, CachedResultCodec.encode(value)));
    }

    /** Drops a stale or expired entry from this node's near cache (the shared one expires or is overwritten). */
    void dropLocal(String key) {
        near.invalidate(key);
    }

    long nearEntries() {
        near.cleanUp();
        return near.estimatedSize();
    }

    long nearWeight() {
        return near.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    long sharedEntries() {
        return shared.sizeLong();
    }
}
