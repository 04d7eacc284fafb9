package io.pyrope.node.tenant;

import io.pyrope.compute.ignite.DynamicCaches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

/** The REPLICATED metadata caches owned by grid-node: tenants and hashed API keys. */
public final class MetadataCaches {
    public static final String TENANTS = "pyrope-meta-tenants";
    public static final String API_KEYS = "pyrope-meta-api-keys";

    private MetadataCaches() {
    }

    public static IgniteCache<String, TenantEntry> tenants(Ignite ignite) {
        return DynamicCaches.getOrCreate(ignite, replicated(TENANTS));
    }

    public static IgniteCache<String, ApiKeyEntry> apiKeys(Ignite ignite) {
        return DynamicCaches.getOrCreate(ignite, replicated(API_KEYS));
    }

    /** A REPLICATED atomic cache of String keys: every grid-node metadata cache is one. */
    public static <V> CacheConfiguration<String, V> replicated(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true);
    }
}
