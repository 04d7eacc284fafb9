package io.pyrope.compute.ignite;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.locks.LockSupport;

/**
 * Creates (or gets) a cache at run time. Ignite refuses to start a cache while a cluster state
 * change is in progress — in a persistent cluster, a baseline change, which auto-adjust triggers
 * some seconds after a node joins, that is while that node is still starting and creating its
 * caches — and the node's start then failed. Such a refusal is retried (up to about a minute);
 * any other failure is thrown at once.
 */
public final class DynamicCaches {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicCaches.class);
    private static final int ATTEMPTS = 300;
    private static final long PAUSE_NANOS = 200_000_000L;

    private DynamicCaches() {
    }

    public static <K, V> IgniteCache<K, V> getOrCreate(Ignite ignite, CacheConfiguration<K, V> config) {
        for (int attempt = 1; ; attempt++) {
            try {
                return ignite.getOrCreateCache(config);
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !stateChangeInProgress(e)) {
                    throw e;
                }
                if (attempt == 1) {
                    LOG.info("cache {} waits for a cluster state change (baseline change) to finish", config.getName());
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }
    }

    static boolean stateChangeInProgress(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("cluster state change is in progress")) {
                return true;
            }
        }
        return false;
    }
}
