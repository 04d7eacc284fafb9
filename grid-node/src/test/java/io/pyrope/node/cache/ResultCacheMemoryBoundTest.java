package io.pyrope.node.cache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.domain.SearchHit;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.apache.ignite.DataRegionMetrics;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The distributed result caches under a flood of distinct results several times larger than their
 * data region: the region stays within its configured size (Ignite evicts pages), every fill is
 * stored or dropped but none fails, and the caches keep answering. A real node with a small
 * region (storage.memoryMb 128 → a 32 MB cache region).
 */
class ResultCacheMemoryBoundTest {
    private static final long MB = 1L << 20;
    private static final int DIM = 256;
    private static NodeFixture node;

    @BeforeAll
    static void start() {
        node = NodeFixture.start(TestPorts.slot(19), "cache-bound", Map.of("PYROPE_STORAGE_MEMORY_MB", "128"));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void theCacheRegionStaysWithinItsSizeUnderAFloodOfDistinctResults() throws Exception {
        Ignite ignite = node.node().grid().ignite();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMeters meters = new CacheMeters(registry);
        SharedFills fills = new SharedFills(256, meters);
        ExactCache exact = new ExactCache(ignite, 1 * MB, meters);
        SemanticCache semantic = new SemanticCache(ignite, 1 * MB, 16, meters);
        DataRegionMetrics region = ignite.dataRegionMetrics(CacheLayout.CACHE_REGION);
        long regionMax = ignite.configuration().getDataStorageConfiguration().getDataRegionConfigurations()[0].getMaxSize();
        assertThat(regionMax).isEqualTo(32 * MB);

        // Each result: 10 hits with 256-d vectors (~11 KB), so 12,000 of them are ~130 MB at the
        // exact level plus as much again in semantic buckets: about 8x the region.
        Random rnd = new Random(5);
        TenantId tenant = new TenantId("default");
        long now = System.currentTimeMillis();
        int n = 12_000;
        for (int i = 0; i < n; i++) {
            float[] q = gaussian(rnd);
            CachedResult r = new CachedResult(result(rnd), q, VersionVector.EMPTY, 0,
                    new Dependencies(true, new int[] {0}, 1, new int[0]), now + 600_000);
            exact.put(ResultKeys.exact(tenant, "flood", 1, SearchQuery.of(q, 10)), r, 600_000, fills);
            semantic.add("flood-bucket-" + (i % 2_000), r, 600_000, now, fills);
            if (i % 100 == 99) {
                // Paced like a node's misses, so that fills land rather than being dropped as too many.
                awaitIdle(fills);
            }
            if (i % 1_000 == 999) {
                assertThat(region.getPhysicalMemorySize()).as("cache region after %d fills", i + 1).isLessThanOrEqualTo(regionMax);
            }
        }
        awaitIdle(fills);

        assertThat(count(registry, "failed")).as("fills that failed (e.g. out of memory)").isZero();
        assertThat(count(registry, "shared") + count(registry, "local_only")).isEqualTo(2.0 * n);
        // Most went to the region (not dropped for being too many at once): several times its size.
        assertThat(count(registry, "shared")).as("fills stored cluster-wide").isEqualTo(2.0 * n);
        assertThat(region.getPhysicalMemorySize()).isLessThanOrEqualTo(regionMax);
        System.out.printf("flood: %.0f shared, %.0f local-only; region %d of %d bytes; %d exact entries left%n",
                count(registry, "shared"), count(registry, "local_only"), region.getPhysicalMemorySize(), regionMax,
                ignite.cache(ExactCache.CACHE).sizeLong());
        long stored = ignite.cache(ExactCache.CACHE).sizeLong();
        assertThat(stored).as("exact results still stored cluster-wide").isPositive()
                .as("evicted: far fewer than were put").isLessThan(n / 2);
        assertThat(exact.nearWeight()).isLessThanOrEqualTo(1 * MB * 3 / 4 + MB);
        // Still a working cache: a new result is stored and read back.
        float[] q = gaussian(rnd);
        CachedResult fresh = new CachedResult(result(rnd), q, VersionVector.EMPTY, 0,
                new Dependencies(true, new int[] {0}, 1, new int[0]), now + 600_000);
        exact.put("after-flood", fresh, 600_000, fills);
        awaitIdle(fills);
        fills.close();
        exact.dropLocal("after-flood");
        assertThat(exact.get("after-flood")).isNotNull();
    }

    private static void awaitIdle(SharedFills fills) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!fills.idle() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(fills.idle()).as("fills landed").isTrue();
    }

    private static double count(SimpleMeterRegistry registry, String outcome) {
        var c = registry.find("pyrope.cache.fills").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private static SearchResult result(Random rnd) {
        List<SearchHit> hits = new ArrayList<>();
        for (int h = 0; h < 10; h++) {
            hits.add(new SearchHit("id-" + rnd.nextInt(1_000_000), rnd.nextFloat(), Map.of("k", "v" + h), gaussian(rnd)));
        }
        return new SearchResult(hits, 64, false, 1, 100);
    }

    private static float[] gaussian(Random rnd) {
        float[] v = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }
}
