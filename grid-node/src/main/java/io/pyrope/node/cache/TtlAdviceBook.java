package io.pyrope.node.cache;

import io.pyrope.domain.TenantId;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sidecar's latest TTL advice per (tenant, index) and cluster, node-local. Advice is for one
 * centroid numbering and lapses at {@code validUntilMs} (when the sidecar stops answering, the
 * heat-derived TTL takes over again). A cache fill reads it; the advice puller replaces it. Bounded
 * by the indexes advice is asked for (recently searched ones) and 1,000 clusters each.
 */
public final class TtlAdviceBook {
    private record Key(String tenant, String index) {
    }

    private record Entry(long centroidVersion, Map<Integer, Long> ttlMsByCluster, long validUntilMs) {
    }

    private final Map<Key, Entry> advice = new ConcurrentHashMap<>();

    /** Replaces the index's advice. */
    public void put(TenantId tenant, String index, long centroidVersion, Map<Integer, Long> ttlMsByCluster, long validUntilMs) {
        advice.put(new Key(tenant.value(), index), new Entry(centroidVersion, Map.copyOf(ttlMsByCluster), validUntilMs));
    }

    /** Forgets an index's advice (no longer searched here). */
    public void remove(TenantId tenant, String index) {
        advice.remove(new Key(tenant.value(), index));
    }

    OptionalLong ttlMs(TenantId tenant, String index, long centroidVersion, int cluster, long nowMs) {
        Entry e = advice.get(new Key(tenant.value(), index));
        if (e == null || e.centroidVersion() != centroidVersion || nowMs >= e.validUntilMs()) {
            return OptionalLong.empty();
        }
        Long ttl = e.ttlMsByCluster().get(cluster);
        return ttl == null ? OptionalLong.empty() : OptionalLong.of(ttl);
    }
}
