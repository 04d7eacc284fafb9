package io.pyrope.node.llmcache;

import io.pyrope.compute.ignite.DynamicCaches;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.configuration.CacheConfiguration;

import javax.cache.processor.MutableEntry;

/**
 * Cluster-wide hit and miss counts per (tenant, namespace). Each lookup adds its outcome with an
 * asynchronous entry processor (never waited for), so the counts trail lookups by a round trip.
 */
final class LookupCounts {
    static final String CACHE = "pyrope-llm-stats";

    private final IgniteCache<String, long[]> counts;

    LookupCounts(Ignite ignite) {
        this.counts = DynamicCaches.getOrCreate(ignite, new CacheConfiguration<String, long[]>(CACHE)
                .setCacheMode(CacheMode.PARTITIONED).setBackups(1).setAtomicityMode(CacheAtomicityMode.ATOMIC));
    }

    void add(String key, boolean hit) {
        counts.invokeAsync(key, new Add(hit));
    }

    /** {hits, misses}. */
    long[] get(String key) {
        long[] c = counts.get(key);
        return c == null ? new long[2] : c;
    }

    private static final class Add implements CacheEntryProcessor<String, long[], Void> {
        private static final long serialVersionUID = 1L;
        private final boolean hit;

        Add(boolean hit) {
            this.hit = hit;
        }

        @Override
        public Void process(MutableEntry<String, long[]> entry, Object... args) {
            long[] c = entry.exists() ? entry.getValue().clone() : new long[2];
            c[hit ? 0 : 1]++;
            entry.setValue(c);
            return null;
        }
    }
}
