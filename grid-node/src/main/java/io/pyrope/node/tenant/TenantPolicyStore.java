package io.pyrope.node.tenant;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tenants' quotas and budget policies, stored in a REPLICATED metadata cache and memoized per node
 * (every request reads its tenant's policy). A continuous query drops a memo as soon as the entry
 * changes anywhere, so a new policy applies cluster-wide within milliseconds. Tenants without an
 * entry get {@link TenantPolicy#DEFAULT} (unlimited). Close to stop watching.
 */
public final class TenantPolicyStore implements AutoCloseable {
    public static final String CACHE = "pyrope-meta-tenant-policy";

    private final IgniteCache<String, TenantPolicyEntry> cache;
    private final Map<String, TenantPolicy> memo = new ConcurrentHashMap<>();
    /** Bumped on every change event: a read that raced with a change must not be memoized. */
    private final AtomicLong changes = new AtomicLong();
    private final QueryCursor<Cache.Entry<String, TenantPolicyEntry>> watch;

    public TenantPolicyStore(Ignite ignite) {
        this.cache = DynamicCaches.getOrCreate(ignite, MetadataCaches.<TenantPolicyEntry>replicated(CACHE));
        ContinuousQuery<String, TenantPolicyEntry> query = new ContinuousQuery<>();
        query.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends TenantPolicyEntry> e : events) {
                changes.incrementAndGet();
                memo.remove(e.getKey());
            }
        });
        this.watch = cache.query(query);
    }

    public TenantPolicy get(TenantId tenant) {
        TenantPolicy known = memo.get(tenant.value());
        if (known != null) {
            return known;
        }
        long seen = changes.get();
        TenantPolicyEntry stored = cache.get(tenant.value());
        TenantPolicy policy = stored == null ? TenantPolicy.DEFAULT : stored.toPolicy();
        if (changes.get() == seen) {
            memo.put(tenant.value(), policy);
        }
        return policy;
    }

    public void put(TenantId tenant, TenantPolicy policy) {
        cache.put(tenant.value(), TenantPolicyEntry.of(policy));
        changes.incrementAndGet();
        memo.remove(tenant.value());
    }

    public void remove(TenantId tenant) {
        cache.remove(tenant.value());
        changes.incrementAndGet();
        memo.remove(tenant.value());
    }

    @Override
    public void close() {
        watch.close();
    }
}
