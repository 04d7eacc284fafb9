package io.pyrope.node.cache;

import io.pyrope.compute.ignite.DynamicCaches;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The semantic buckets: distributed in the cache region as {@link CachedResultCodec} bytes (bucket
 * updates by entry processor), with a
 * short-lived node-local copy bounded by weight. A stale local copy only misses newer entries;
 * freshness is checked per entry by the caller.
 */
final class SemanticCache {
    static final String CACHE = "pyrope-cache-semantic";
    /** How long a node trusts its local copy of a bucket before reading the shared one again. */
    private static final java.time.Duration LOCAL_COPY = java.time.Duration.ofSeconds(1);

    private final IgniteCache<String, byte[]> shared;
    private final Cache<String, SemanticBucket> near;
    private final int bucketSize;

    SemanticCache(Ignite ignite, long nearMaxBytes, int bucketSize, CacheMeters meters) {
        this.shared = DynamicCaches.getOrCreate(ignite, ExactCache.<byte[]>distributed(CACHE));
        this.bucketSize = bucketSize;
        this.near = Caffeine.newBuilder()
                .maximumWeight(nearMaxBytes)
                // Evict in the writing thread, so the bound holds at every moment, not eventually.
                .executor(Runnable::run)
                .weigher((String k, SemanticBucket v) -> k.length() * 2 + v.weight())
                .expireAfterWrite(LOCAL_COPY)
                .removalListener((String k, SemanticBucket v, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        meters.evicted("semantic");
                    }
                })
                .build();
    }

    /** The best entry with similarity >= threshold that {@code fresh} accepts, or null. */
    Match best(String bucketKey, float[] unitQuery, double threshold, java.util.function.Predicate<CachedResult> fresh) {
        SemanticBucket b = near.getIfPresent(bucketKey);
        if (b == null) {
            b = CachedResultCodec.decodeBucket(shared.get(bucketKey));
            if (b == null) {
                return null;
            }
            near.put(bucketKey, b);
        }
        Match best = null;
        for (CachedResult e : b.entries()) {
            double s = cosine(unitQuery, e.query());
            if (s >= threshold && (best == null || s > best.similarity()) && fresh.test(e)) {
                best = new Match(e, s);
            }
        }
        return best;
    }

    /**
     * Adds to this node's copy of the bucket at once, and to the shared bucket through {@code
     * fills}. The probe before the search copied the shared bucket here if it had one, so an
     * absent copy means the shared bucket was empty then: starting one from this entry is exact.
     */
    void add(String bucketKey, CachedResult entry, long ttlMs, long nowMs, SharedFills fills) {
        near.asMap().compute(bucketKey, (k, local) -> (local == null ? SemanticBucket.EMPTY : local)
                .with(entry, bucketSize, nowMs));
        fills.submit(() -> shared.withExpiryPolicy(new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, ttlMs)))
                .invokeAsync(bucketKey, new AddToBucket(CachedResultCodec.encode(entry), bucketSize, nowMs)));
    }

    long nearWeight() {
        return near.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /** cos(a, b) with {@code a} already unit length. */
    static double cosine(float[] unitA, float[] b) {
        if (unitA.length != b.length) {
            return -2;
        }
        double dot = 0;
        double nb = 0;
        for (int i = 0; i < b.length; i++) {
            dot += (double) unitA[i] * b[i];
            nb += (double) b[i] * b[i];
        }
        return nb == 0 ? -2 : dot / Math.sqrt(nb);
    }

    static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        n = Math.sqrt(n);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length && n > 0; i++) {
            out[i] = (float) (v[i] / n);
        }
        return out;
    }

    record Match(CachedResult entry, double similarity) {
    }
}
