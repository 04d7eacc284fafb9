package io.pyrope.node.cache;

import io.pyrope.compute.ignite.DynamicCaches;
import io.pyrope.domain.TenantId;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster-wide {@link VersionVector}s, one per (tenant, index), in a REPLICATED FULL_SYNC
 * cache: a bump returns only when every node's copy has it, and every lookup reads its own node's
 * copy (no remote call on the hit path). In the default data region, never evicted: a lost vector
 * would let old results look fresh.
 */
final class FreshnessStore {
    static final String CACHE = "pyrope-cache-versions";

    private final IgniteCache<String, VersionVector> versions;

    FreshnessStore(Ignite ignite) {
        this.versions = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, VersionVector>(CACHE)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true)
                .setCopyOnRead(false));
    }

    static String key(TenantId tenant, String index) {
        return tenant.value() + '\u0000' + index;
    }

    /** This node's copy; {@link VersionVector#EMPTY} before the first write. */
    VersionVector snapshot(TenantId tenant, String index) {
        VersionVector v = versions.get(key(tenant, index));
        return v == null ? VersionVector.EMPTY : v;
    }

    /**
     * Bumps the versions for one acknowledged-to-be write; returns when every node has the bump.
     * {@code clusters == null} = unknown clusters (starts a new epoch).
     */
    void bump(TenantId tenant, String index, long centroidVersion, int k, int[] clusters, int[] buckets) {
        long epoch = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        versions.invoke(key(tenant, index), new BumpVersions(epoch, centroidVersion, k, clusters, buckets));
    }
}
