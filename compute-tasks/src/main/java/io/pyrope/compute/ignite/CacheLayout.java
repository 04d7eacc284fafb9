package io.pyrope.compute.ignite;

import io.pyrope.shard.ignite.VectorKey;
import io.pyrope.shard.ignite.VectorValue;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheRebalanceMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

import javax.cache.configuration.FactoryBuilder;
import javax.cache.expiry.CreatedExpiryPolicy;
import java.util.concurrent.TimeUnit;

/**
 * The caches every Pyrope node starts with. Vectors: one PARTITIONED cache, FULL_SYNC so that an
 * acknowledged write is on its primary and backups (and in their shards). Metadata (index
 * catalog, centroids, tenants, keys): one REPLICATED transactional cache, rebalanced before the
 * vectors so that a joining node knows every index before its shards fill.
 */
public final class CacheLayout {
    public static final String VECTORS = "pyrope-vectors";
    public static final String METADATA = "pyrope-meta";
    /** Data region for caches of derived data (result caches, embedding cache): in memory, page-evicted. */
    public static final String CACHE_REGION = "pyrope-cache";
    /** Text embeddings: key = hash of (model id, normalized text), value = the vector. */
    public static final String EMBEDDINGS = "pyrope-embeddings";

    private CacheLayout() {
    }

    public static CacheConfiguration<VectorKey, VectorValue> vectors(int partitions, int backups) {
        return new CacheConfiguration<VectorKey, VectorValue>(VECTORS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setBackups(backups)
                .setAffinity(new RendezvousAffinityFunction(false, partitions))
                .setRebalanceMode(CacheRebalanceMode.ASYNC)
                .setRebalanceOrder(10)
                // Shards hold the deserialised vectors; the cache copy is read by get() only.
                .setCopyOnRead(false)
                .setStatisticsEnabled(false);
    }

    public static CacheConfiguration<String, Object> metadata() {
        return new CacheConfiguration<String, Object>(METADATA)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.TRANSACTIONAL)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setRebalanceMode(CacheRebalanceMode.SYNC)
                .setRebalanceOrder(1);
    }

    /**
     * The cluster-wide embedding cache, created on demand by the first node that embeds (its TTL
     * wins). Derived data that a model run can always recompute: no backups, page-evicted in
     * {@link #CACHE_REGION}, expired {@code ttlSeconds} after creation (embeddings of a fixed
     * model are stable, so the TTL only bounds how long rarely used texts stay).
     */
    public static CacheConfiguration<String, float[]> embeddings(long ttlSeconds) {
        return new CacheConfiguration<String, float[]>(EMBEDDINGS)
                .setCacheMode(CacheMode.PARTITIONED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.PRIMARY_SYNC)
                .setBackups(0)
                .setDataRegionName(CACHE_REGION)
                .setAffinity(new RendezvousAffinityFunction(false, 64))
                .setExpiryPolicyFactory(FactoryBuilder.factoryOf(
                        new CreatedExpiryPolicy(new javax.cache.expiry.Duration(TimeUnit.SECONDS, ttlSeconds))))
                .setEagerTtl(true)
                .setStatisticsEnabled(false);
    }
}
