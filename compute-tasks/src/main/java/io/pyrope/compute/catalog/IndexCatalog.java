package io.pyrope.compute.catalog;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

import org.apache.ignite.events.CacheEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;

import javax.cache.Cache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Index specs and centroids in the replicated metadata cache. Every node reads its local copy;
 * writes are transactional and FULL_SYNC, so a created index is known everywhere on return.
 */
public final class IndexCatalog {
    private static final String INDEX_PREFIX = "index/";
    private static final String CENTROIDS_PREFIX = "centroids/";

    private final IgniteCache<String, Object> meta;
    private final Clock clock;
    /** Node-local memo of index entries: every search and write looks its index up. */
    private final ConcurrentMap<String, Optional<StoredIndex>> memo = new ConcurrentHashMap<>();
    private final AtomicLong invalidations = new AtomicLong();

    public IndexCatalog(Ignite ignite, Clock clock) {
        this.meta = ignite.cache(CacheLayout.METADATA);
        this.clock = clock;
        // Metadata is replicated: every node records the update event for its own copy, in the
        // committing thread, before the write returns. That is when the memo entry must go.
        ignite.events().localListen(this::onMetadataEvent, EventType.EVT_CACHE_OBJECT_PUT, EventType.EVT_CACHE_OBJECT_REMOVED);
    }

    private boolean onMetadataEvent(Event event) {
        if (event instanceof CacheEvent ce && CacheLayout.METADATA.equals(ce.cacheName())
                && ce.key() instanceof String key && key.startsWith(INDEX_PREFIX)) {
            invalidations.incrementAndGet();
            memo.remove(key);
        }
        return true;
    }

    public StoredIndex create(TenantId tenant, IndexSpec spec) {
        StoredIndex stored = new StoredIndex(tenant, spec, clock.millis(), StoredIndex.State.ACTIVE);
        if (!meta.putIfAbsent(indexKey(tenant, spec.name()), stored)) {
            throw new PyropeException(ErrorCode.ALREADY_EXISTS, "index '" + spec.name() + "' already exists");
        }
        return stored;
    }

    public Optional<StoredIndex> find(TenantId tenant, String name) {
        String key = indexKey(tenant, name);
        Optional<StoredIndex> cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        long seen = invalidations.get();
        Optional<StoredIndex> loaded = Optional.ofNullable((StoredIndex) meta.get(key));
        memo.putIfAbsent(key, loaded);
        if (invalidations.get() != seen) {
            // An update raced with the read: the memo may hold the old value; drop it.
            memo.remove(key, loaded);
        }
        return loaded;
    }

    /** The active index or NOT_FOUND; another tenant's index is reported exactly like a missing one. */
    public StoredIndex requireActive(TenantId tenant, String name) {
        IndexSpec.validateName(name);
        return find(tenant, name)
                .filter(s -> s.state() == StoredIndex.State.ACTIVE)
                .orElseThrow(() -> PyropeException.notFound("index '" + name + "' not found"));
    }

    public List<StoredIndex> list(TenantId tenant) {
        List<StoredIndex> out = new ArrayList<>();
        ScanQuery<String, Object> q = new ScanQuery<>(new PrefixFilter(INDEX_PREFIX + tenant.value() + "/"));
        q.setLocal(true);
        for (Cache.Entry<String, Object> e : meta.query(q)) {
            StoredIndex s = (StoredIndex) e.getValue();
            if (s.state() == StoredIndex.State.ACTIVE) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparing(s -> s.spec().name()));
        return out;
    }

    /** Every index of every tenant, any state (for background services). */
    public List<StoredIndex> all() {
        List<StoredIndex> out = new ArrayList<>();
        ScanQuery<String, Object> q = new ScanQuery<>(new PrefixFilter(INDEX_PREFIX));
        q.setLocal(true);
        for (Cache.Entry<String, Object> e : meta.query(q)) {
            out.add((StoredIndex) e.getValue());
        }
        return out;
    }

    /** The index in any state (a drop that failed half-way leaves it DROPPING), or NOT_FOUND. */
    public StoredIndex requireExisting(TenantId tenant, String name) {
        IndexSpec.validateName(name);
        return find(tenant, name).orElseThrow(() -> PyropeException.notFound("index '" + name + "' not found"));
    }

    /** Marks the index as dropping: from now on writes and searches see NOT_FOUND. Idempotent. */
    public StoredIndex markDropping(TenantId tenant, String name) {
        StoredIndex current = requireExisting(tenant, name);
        StoredIndex dropping = current.withState(StoredIndex.State.DROPPING);
        // Two concurrent drops both proceed; the second finds nothing left to remove.
        meta.put(indexKey(tenant, name), dropping);
        return dropping;
    }

    public void delete(TenantId tenant, String name) {
        meta.remove(indexKey(tenant, name));
        meta.remove(centroidsKey(tenant, name));
    }

    public Optional<StoredCentroids> centroids(TenantId tenant, String name) {
        return Optional.ofNullable((StoredCentroids) meta.get(centroidsKey(tenant, name)));
    }

    public void putCentroids(TenantId tenant, String name, StoredCentroids centroids) {
        meta.put(centroidsKey(tenant, name), centroids);
    }

    /** Whether a metadata-cache key holds an index's centroids (for listeners of their updates). */
    public static boolean isCentroidsKey(Object key) {
        return key instanceof String s && s.startsWith(CENTROIDS_PREFIX);
    }

    static String indexKey(TenantId tenant, String name) {
        return INDEX_PREFIX + tenant.value() + "/" + name;
    }

    static String centroidsKey(TenantId tenant, String name) {
        return CENTROIDS_PREFIX + tenant.value() + "/" + name;
    }

    /** Scan filter on key prefix; a small named class so it marshals cleanly. */
    private static final class PrefixFilter implements IgniteBiPredicate<String, Object> {
        private static final long serialVersionUID = 1L;
        private final String prefix;

        PrefixFilter(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public boolean apply(String key, Object value) {
            return key.startsWith(prefix);
        }
    }
}
