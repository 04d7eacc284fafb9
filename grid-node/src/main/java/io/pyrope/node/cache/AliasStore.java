package io.pyrope.node.cache;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

import java.time.Clock;
import java.util.Optional;

/**
 * Canonical aliases (tenant, index, query key) → canonical key, in a REPLICATED cache (resolved
 * from the node's own copy on every keyed search, no remote call). Bounded per tenant by a
 * cluster-wide counter; an alias below the minimum confidence or past its expiry is not used.
 */
public final class AliasStore {
    static final String CACHE = "pyrope-cache-aliases";

    private final Ignite ignite;
    private final IgniteCache<String, StoredAlias> aliases;
    private final Clock clock;
    private final double minConfidence;
    private final long maxPerTenant;

    AliasStore(Ignite ignite, Clock clock, double minConfidence, long maxPerTenant) {
        this.ignite = ignite;
        this.aliases = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, StoredAlias>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true));
        this.clock = clock;
        this.minConfidence = minConfidence;
        this.maxPerTenant = maxPerTenant;
    }

    /** The canonical key searches use for {@code queryKey}, if an active alias exists. */
    Optional<String> resolve(TenantId tenant, String index, String queryKey) {
        StoredAlias a = aliases.get(key(tenant, index, queryKey));
        return a != null && isActive(a) ? Optional.of(a.canonical()) : Optional.empty();
    }

    /** Sets (or replaces) an alias; returns true when it is new. RESOURCE_EXHAUSTED past the tenant's bound. */
    public boolean set(TenantId tenant, String index, String queryKey, String canonical, float confidence, long ttlMs) {
        IgniteAtomicLong count = counter(tenant);
        String k = key(tenant, index, queryKey);
        if (!aliases.containsKey(k) && count.get() >= maxPerTenant) {
            throw new PyropeException(ErrorCode.RESOURCE_EXHAUSTED, "tenant " + tenant + " has " + count.get()
                    + " aliases, the limit (caches.aliasMaxPerTenant); delete some first");
        }
        StoredAlias old = aliases.getAndPut(k, new StoredAlias(canonical, confidence, clock.millis() + ttlMs));
        if (old == null) {
            count.incrementAndGet();
        }
        return old == null;
    }

    /** Aliases below this confidence are never used (nor stored from sidecar advice). */
    public double minConfidence() {
        return minConfidence;
    }

    public Optional<StoredAliasView> get(TenantId tenant, String index, String queryKey) {
        StoredAlias a = aliases.get(key(tenant, index, queryKey));
        return a == null ? Optional.empty()
                : Optional.of(new StoredAliasView(a.canonical(), a.confidence(), a.expiresAtMs(), isActive(a)));
    }

    public boolean delete(TenantId tenant, String index, String queryKey) {
        boolean removed = aliases.remove(key(tenant, index, queryKey));
        if (removed) {
            counter(tenant).decrementAndGet();
        }
        return removed;
    }

    private boolean isActive(StoredAlias a) {
        return a.confidence() >= minConfidence && a.expiresAtMs() > clock.millis();
    }

    private IgniteAtomicLong counter(TenantId tenant) {
        return ignite.atomicLong("pyrope-alias-count-" + tenant.value(), 0, true);
    }

    private static String key(TenantId tenant, String index, String queryKey) {
        return tenant.value() + "/" + index + "/" + queryKey;
    }

    /** What GetAlias reports. */
    public record StoredAliasView(String canonical, float confidence, long expiresAtMs, boolean active) {
    }
}
