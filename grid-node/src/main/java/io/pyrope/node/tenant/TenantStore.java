package io.pyrope.node.tenant;

import io.pyrope.domain.TenantId;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Tenants in the metadata cache. Thread-safe; every method is one cache operation or a scan. */
public final class TenantStore {
    private final IgniteCache<String, TenantEntry> cache;
    private final Clock clock;

    public TenantStore(IgniteCache<String, TenantEntry> cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** Creates the tenant unless it exists; returns the new entry, or empty if it existed. */
    public Optional<TenantEntry> createIfAbsent(TenantId id, String displayName) {
        TenantEntry entry = new TenantEntry(id.value(), displayName, clock.millis());
        return cache.putIfAbsent(id.value(), entry) ? Optional.of(entry) : Optional.empty();
    }

    public Optional<TenantEntry> get(TenantId id) {
        return Optional.ofNullable(cache.get(id.value()));
    }

    public boolean exists(TenantId id) {
        return cache.containsKey(id.value());
    }

    /** All tenants, by id. */
    public List<TenantEntry> list() {
        List<TenantEntry> out = new ArrayList<>();
        try (QueryCursor<Cache.Entry<String, TenantEntry>> cursor = cache.query(new ScanQuery<String, TenantEntry>())) {
            for (Cache.Entry<String, TenantEntry> e : cursor) {
                out.add(e.getValue());
            }
        }
        out.sort(Comparator.comparing(TenantEntry::id));
        return out;
    }

    public boolean remove(TenantId id) {
        return cache.remove(id.value());
    }
}
