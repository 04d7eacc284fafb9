package io.pyrope.node.quota;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.QuotaExceededException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantQuotas;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A per-tenant token bucket enforced cluster-wide. The bucket itself lives in one cache entry per
 * tenant (refilled and debited by {@link TakeTokens} on its primary, one backup); each node leases
 * small chunks of tokens from it and spends them locally, so a request pays a remote round trip
 * only once per chunk (about {@value #CHUNK_MS} ms of the rate).
 *
 * <p>Bound: every admitted request spent a token taken from the one bucket, and a leased token is
 * spent within {@value #LEASE_MS} ms of being taken or never, so over any interval T the cluster
 * admits at most {@code capacity + rate × (T + 0.1 s)} requests, for any number of nodes. The
 * price is a small under-admission: leased tokens not used in time expire (at most one chunk per
 * node per lease).
 */
public final class ClusterRateLimiter {
    public static final String CACHE = "pyrope-rate";
    static final long CHUNK_MS = 20;
    static final long LEASE_MS = 100;

    private final IgniteCache<String, BucketState> buckets;
    private final Clock clock;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public ClusterRateLimiter(Ignite ignite, Clock clock) {
        this.buckets = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, BucketState>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(1)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC));
        this.clock = clock;
    }

    /**
     * Takes {@code permits} tokens for the tenant or throws RESOURCE_EXHAUSTED saying when to
     * retry. No-op when the tenant has no rate limit.
     */
    public void acquire(TenantId tenant, TenantQuotas quotas, int permits) {
        double rate = quotas.requestsPerSecond();
        if (rate <= 0) {
            return;
        }
        Lease lease = leases.computeIfAbsent(tenant.value(), k -> new Lease());
        long now = clock.millis();
        if (lease.take(permits, now)) {
            return;
        }
        double capacity = quotas.bucketCapacity();
        if (permits > capacity) {
            throw new QuotaExceededException("this request needs " + permits + " requests of tenant '" + tenant
                    + "''s rate limit but its burst is " + (long) capacity + "; send fewer at once", 0);
        }
        long chunk = Math.max(permits, Math.min((long) Math.ceil(rate * CHUNK_MS / 1000.0), Math.max(1, (long) (capacity / 4))));
        // No lock is held here: concurrent callers each take their own chunk from the bucket.
        long granted = buckets.invoke(tenant.value(), new TakeTokens(now, rate, capacity, chunk));
        if (granted >= permits) {
            lease.add(granted - permits, now);
            return;
        }
        if (granted > 0) {
            // Fewer than needed: keep them for the next request, refuse this one.
            lease.add(granted, now);
            granted = -(long) Math.ceil((permits - granted) * 1000.0 / rate);
        }
        throw new QuotaExceededException("rate limit of " + fmt(rate) + " requests/s (burst " + (long) capacity
                + ") exceeded for tenant '" + tenant + "'; retry after " + (-granted) + " ms", -granted);
    }

    private static String fmt(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : String.format("%.2f", rate);
    }

    /** Tokens this node holds for a tenant, valid until {@code expiresMs}. */
    private static final class Lease {
        private final AtomicLong tokens = new AtomicLong();
        private volatile long expiresMs;

        boolean take(int permits, long now) {
            if (now >= expiresMs) {
                return false;
            }
            while (true) {
                long t = tokens.get();
                if (t < permits) {
                    return false;
                }
                if (tokens.compareAndSet(t, t - permits)) {
                    return true;
                }
            }
        }

        /** Synchronized with other adds only (a local, short section): no leased token is dropped by a race. */
        synchronized void add(long n, long now) {
            if (now >= expiresMs) {
                tokens.set(n);
                expiresMs = now + LEASE_MS;
            } else {
                // The old expiry stays: no token outlives its lease.
                tokens.addAndGet(n);
            }
        }
    }
}
