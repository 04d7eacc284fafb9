package io.pyrope.node.cache;

import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.compute.catalog.StoredIndex;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.TenantId;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The result caches on a real 2-node cluster over real gRPC: each level hits and misses when it
 * should, writes and deletes invalidate at once on every node, the freshness guarantee under
 * concurrent writes and searches, tenant isolation, TTL from write heat on an injected clock, and
 * the near cache's memory bound.
 */
class ResultCacheClusterTest {
    private static final int DIM = 16;
    private static final int CLUSTERS = 6;
    private static final OffsetClock CLOCK = new OffsetClock();
    private static NodeFixture a;
    private static NodeFixture b;
    private static float[][] centers;
    private static String bob;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(11);
        a = NodeFixture.start(ports, "cache-a", Map.of(), CLOCK);
        b = NodeFixture.start(ports, "cache-b", Map.of("PYROPE_PORT_OFFSET", "1"), CLOCK);
        Random rnd = new Random(11);
        centers = new float[CLUSTERS][];
        for (int c = 0; c < CLUSTERS; c++) {
            centers[c] = SemanticCache.unit(gaussian(rnd, 1));
        }
        bob = a.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("bob").build()).getApiKey();
    }

    @AfterAll
    static void stop() throws Exception {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    /** An index of 50 vectors around each center, centroids trained (one per center). */
    private static void createIndex(String key, String tenant, String name, long seed) {
        a.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(name)
                .setDimension(DIM).setMetric(Metric.COSINE).setCentroids(CLUSTERS)).build());
        Random rnd = new Random(seed);
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(name);
        for (int c = 0; c < CLUSTERS; c++) {
            for (int i = 0; i < 50; i++) {
                up.addVectors(vector("bg-" + c + "-" + i, near(centers[c], rnd, 0.15)));
            }
        }
        a.vectors(key).upsert(up.build());
        TenantId t = new TenantId(tenant);
        StoredIndex stored = a.node().grid().catalog().requireActive(t, name);
        // Trains now unless the background maintenance already did.
        a.node().grid().centroids().trainIfDue(t, stored.spec());
        assertThat(a.node().grid().catalog().centroids(t, name)).isPresent();
        // Nodes re-read centroids at most once a second; start once every node uses the trained ones.
        pause(1_100);
    }

    @Test
    void exactLevelHitsOnlyTheSameRequestAndCanBeBypassed() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "exact", 1);
        float[] q = near(centers[0], new Random(2), 0.1);
        SearchResponse first = search(a, "exact", q, 5, false);
        assertThat(first.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(first.getHitsCount()).isEqualTo(5);
        SearchResponse again = search(a, "exact", q, 5, false);
        assertThat(again.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        assertThat(ids(again)).isEqualTo(ids(first));
        // The other node reads the shared (distributed) level, once the background fill has landed.
        settle();
        assertThat(search(b, "exact", q, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        // Another top_k, effort or filter is another entry.
        assertThat(search(a, "exact", q, 4, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        SearchRequest moreEffort = request("exact", q, 5, false).toBuilder().setEf(200).build();
        assertThat(a.vectors(NodeFixture.DEFAULT_KEY).search(moreEffort).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(search(a, "exact", q, 5, true).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_BYPASSED);
        assertThat(again.getServerMicros()).isPositive();
        // Metrics: hits and misses by level, TTLs chosen, server-side hit latency.
        var meters = a.node().metrics().registry();
        assertThat(meters.get("pyrope.cache.lookups").tags("level", "exact", "outcome", "hit").counter().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("pyrope.cache.lookups").tags("level", "exact", "outcome", "miss").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("pyrope.cache.ttl").summary().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("pyrope.cache.hit.latency").timer().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aWriteNearTheQueryInvalidatesAtOnceOnBothNodesAndAFarWriteDoesNot() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "writes", 3);
        float[] q = near(centers[1], new Random(4), 0.1);
        search(b, "writes", q, 5, false);
        assertThat(search(b, "writes", q, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);

        // A write into a far cluster leaves the entry fresh (exact deps are the clusters the top-5 ball reaches).
        int far = farthestFrom(q);
        a.vectors(NodeFixture.DEFAULT_KEY).upsert(UpsertRequest.newBuilder().setIndex("writes")
                .addVectors(vector("far", centers[far])).build());
        assertThat(search(b, "writes", q, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);

        // A write that enters the top-5: the next search on either node runs the search and sees it.
        a.vectors(NodeFixture.DEFAULT_KEY).upsert(UpsertRequest.newBuilder().setIndex("writes")
                .addVectors(vector("new", q)).build());
        double staleBefore = staleCount(b);
        SearchResponse after = search(b, "writes", q, 5, false);
        assertThat(after.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(staleCount(b)).as("the invalidated entry is counted as stale").isGreaterThan(staleBefore);
        assertThat(a.node().metrics().registry().get("pyrope.cache.invalidations").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(ids(after).get(0)).isEqualTo("new");

        // Delete of a hit (written on b, searched on a): gone at once.
        settle();
        assertThat(search(a, "writes", q, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        b.vectors(NodeFixture.DEFAULT_KEY).delete(DeleteRequest.newBuilder().setIndex("writes").addIds("new").build());
        SearchResponse deleted = search(a, "writes", q, 5, false);
        assertThat(deleted.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(ids(deleted)).doesNotContain("new");
    }

    @Test
    void semanticLevelAnswersASimilarQueryAndNotADissimilarOne() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "semantic", 5);
        Random rnd = new Random(6);
        float[] q = near(centers[2], rnd, 0.1);
        search(a, "semantic", q, 5, false);
        float[] paraphrase = near(q, rnd, 0.05);
        double cos = SemanticCache.cosine(SemanticCache.unit(paraphrase), q);
        assertThat(cos).isBetween(0.95, 0.9999);
        settle();
        SearchResponse similar = search(b, "semantic", paraphrase, 5, false);
        assertThat(similar.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_SEMANTIC);
        assertThat((double) similar.getCacheSimilarity()).isCloseTo(cos, org.assertj.core.data.Offset.offset(1e-4));
        // Below the threshold (0.95): searched.
        float[] other = near(centers[2], rnd, 0.6);
        assertThat(SemanticCache.cosine(SemanticCache.unit(other), q)).isLessThan(0.95);
        assertThat(search(a, "semantic", other, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        // A write in the answer's reach invalidates the semantic entry as well.
        a.vectors(NodeFixture.DEFAULT_KEY).upsert(UpsertRequest.newBuilder().setIndex("semantic")
                .addVectors(vector("close", paraphrase)).build());
        float[] paraphrase2 = near(q, rnd, 0.05);
        SearchResponse afterWrite = search(b, "semantic", paraphrase2, 5, false);
        assertThat(afterWrite.getCacheLevel()).isNotEqualTo(CacheLevel.CACHE_LEVEL_SEMANTIC);
        assertThat(ids(afterWrite)).contains("close");
    }

    @Test
    void tenantsNeverSeeEachOthersCachedResults() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "shared", 7);
        createIndex(bob, "bob", "shared", 8);
        float[] q = near(centers[3], new Random(9), 0.1);
        SearchResponse mine = search(a, "shared", q, 5, false);
        assertThat(search(a, "shared", q, 5, false).getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        SearchResponse bobs = b.vectors(bob).search(request("shared", q, 5, false));
        assertThat(bobs.getCacheLevel()).as("bob's first search is never default's cached one").isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        SearchResponse bobsParaphrase = b.vectors(bob).search(request("shared", near(q, new Random(10), 0.02), 5, false));
        assertThat(bobsParaphrase.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_SEMANTIC);
        // Bob's answers are bob's vectors (the two tenants' data differ by seed).
        assertThat(scores(bobsParaphrase)).isNotEqualTo(scores(mine));
        assertThat(scores(bobs)).isNotEqualTo(scores(mine));
    }

    /**
     * The guarantee: a search that starts after a write is acknowledged never gets a cached result
     * that misses that write. Per template j a writer (on node a for even j, b for odd) inserts
     * x-j-n exactly at the template (top-1 for it), acknowledges, then deletes it; searchers on
     * both nodes check every answer against what was acknowledged before the search started.
     */
    @Test
    void aSearchAfterAnAcknowledgedWriteNeverGetsAStaleCachedResult() throws Exception {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "fresh", 12);
        int templates = 4;
        float[][] q = new float[templates][];
        Random rnd = new Random(13);
        for (int j = 0; j < templates; j++) {
            q[j] = near(centers[j], rnd, 0.05);
        }
        AtomicLongArray insertAcked = new AtomicLongArray(templates);
        AtomicLongArray deleteStarted = new AtomicLongArray(templates);
        AtomicLongArray deleteAcked = new AtomicLongArray(templates);
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong checked = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(templates + 4);
        List<Future<?>> tasks = new ArrayList<>();
        for (int j = 0; j < templates; j++) {
            int jj = j;
            NodeFixture via = j % 2 == 0 ? a : b;
            tasks.add(pool.submit(() -> {
                Random r = new Random(100 + jj);
                for (long n = 1; running.get(); n++) {
                    String id = "x-" + jj + "-" + n;
                    via.vectors(NodeFixture.DEFAULT_KEY).upsert(UpsertRequest.newBuilder().setIndex("fresh")
                            .addVectors(vector(id, q[jj])).build());
                    insertAcked.set(jj, n);
                    pause(r.nextInt(40));
                    deleteStarted.set(jj, n);
                    via.vectors(NodeFixture.DEFAULT_KEY).delete(DeleteRequest.newBuilder().setIndex("fresh").addIds(id).build());
                    deleteAcked.set(jj, n);
                    pause(r.nextInt(40));
                }
                return null;
            }));
        }
        for (int s = 0; s < 4; s++) {
            NodeFixture via = s % 2 == 0 ? a : b;
            int seed = s;
            tasks.add(pool.submit(() -> {
                Random r = new Random(200 + seed);
                while (running.get()) {
                    int j = r.nextInt(templates);
                    long inserted = insertAcked.get(j);
                    long deleted = deleteAcked.get(j);
                    SearchResponse resp = search(via, "fresh", q[j], 5, false);
                    long deleteBegunBy = deleteStarted.get(j);
                    List<String> got = ids(resp);
                    checked.incrementAndGet();
                    if (resp.getCacheLevel() != CacheLevel.CACHE_LEVEL_NONE) {
                        hits.incrementAndGet();
                    }
                    String mustHave = "x-" + j + "-" + inserted;
                    if (inserted > 0 && deleteBegunBy < inserted && !got.contains(mustHave)) {
                        violations.add(resp.getCacheLevel() + ": missing acknowledged insert " + mustHave + " in " + got);
                    }
                    for (String id : got) {
                        if (id.startsWith("x-" + j + "-") && Long.parseLong(id.substring(id.lastIndexOf('-') + 1)) <= deleted) {
                            violations.add(resp.getCacheLevel() + ": holds " + id + " deleted (acknowledged) before the search");
                        }
                    }
                }
                return null;
            }));
        }
        TimeUnit.SECONDS.sleep(8);
        running.set(false);
        for (Future<?> f : tasks) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf("freshness: %d searches checked, %d answered from cache, %d violations%n",
                checked.get(), hits.get(), violations.size());
        assertThat(violations).as("stale answers").isEmpty();
        assertThat(checked.get()).isGreaterThan(200);
        // Not vacuous: a good share of the checked answers came from the caches.
        assertThat(hits.get()).isGreaterThan(checked.get() / 10);
    }

    @Test
    void queryKeysAndCanonicalAliasesShareResultsAndStayFresh() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "alias", 18);
        createIndex(bob, "bob", "alias", 19);
        Random rnd = new Random(20);
        float[] q1 = near(centers[0], rnd, 0.1);
        float[] q2 = near(centers[3], rnd, 0.1);
        SearchResponse first = keyed(a, "alias", q1, "reset password");
        assertThat(first.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        // Same key, other vector: the key's result.
        settle();
        SearchResponse sameKey = keyed(b, "alias", q2, "reset password");
        assertThat(sameKey.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_EXACT);
        assertThat(ids(sameKey)).isEqualTo(ids(first));

        var aliases = NodeFixture.withKey(io.pyrope.api.v1.CacheServiceGrpc.newBlockingStub(a.channel()), NodeFixture.DEFAULT_KEY);
        assertThat(aliases.setAlias(alias("alias", "how do I reset my pw", "reset password", 0.9f, 60)).getCreated()).isTrue();
        assertThat(aliases.setAlias(alias("alias", "low", "reset password", 0.5f, 60)).getCreated()).isTrue();
        SearchResponse viaAlias = keyed(b, "alias", q2, "how do I reset my pw");
        assertThat(viaAlias.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_ALIAS_EXACT);
        assertThat(ids(viaAlias)).isEqualTo(ids(first));
        assertThat(keyed(b, "alias", q2, "low").getCacheLevel()).as("low confidence: not used")
                .isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        var got = aliases.getAlias(io.pyrope.api.v1.GetAliasRequest.newBuilder().setIndex("alias").setQueryKey("low").build());
        assertThat(got.getFound()).isTrue();
        assertThat(got.getActive()).isFalse();
        // Tenant isolation: bob has no such alias on his index of the same name.
        var bobs = NodeFixture.withKey(io.pyrope.api.v1.CacheServiceGrpc.newBlockingStub(b.channel()), bob);
        assertThat(bobs.getAlias(io.pyrope.api.v1.GetAliasRequest.newBuilder().setIndex("alias")
                .setQueryKey("how do I reset my pw").build()).getFound()).isFalse();
        // A write in the keyed result's reach invalidates it like any other cached result.
        a.vectors(NodeFixture.DEFAULT_KEY).upsert(UpsertRequest.newBuilder().setIndex("alias").addVectors(vector("w", q1)).build());
        SearchResponse afterWrite = keyed(b, "alias", q1, "how do I reset my pw");
        assertThat(afterWrite.getCacheLevel()).isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(ids(afterWrite)).contains("w");
        // Deleted aliases and same-key aliases.
        assertThat(aliases.deleteAlias(io.pyrope.api.v1.DeleteAliasRequest.newBuilder().setIndex("alias")
                .setQueryKey("how do I reset my pw").build()).getDeleted()).isTrue();
        assertThat(aliases.getAlias(io.pyrope.api.v1.GetAliasRequest.newBuilder().setIndex("alias")
                .setQueryKey("how do I reset my pw").build()).getFound()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> aliases.setAlias(alias("alias", "x", "x", 1, 60)))
                .hasMessageContaining("same");
    }

    private static io.pyrope.api.v1.SetAliasRequest alias(String index, String key, String canonical, float confidence, int ttl) {
        return io.pyrope.api.v1.SetAliasRequest.newBuilder().setIndex(index).setQueryKey(key).setCanonicalKey(canonical)
                .setConfidence(confidence).setTtlSeconds(ttl).build();
    }

    private static SearchResponse keyed(NodeFixture node, String index, float[] q, String key) {
        return node.vectors(NodeFixture.DEFAULT_KEY).search(request(index, q, 5, false).toBuilder().setQueryKey(key).build());
    }

    /** Hot clusters get shorter TTLs than cold ones; heat decays with (injected) time. */
    @Test
    void ttlIsShorterForHotClustersAndRecoversAsHeatDecays() {
        createIndex(NodeFixture.DEFAULT_KEY, "default", "heat", 14);
        Random rnd = new Random(15);
        for (int i = 0; i < 20; i++) {
            UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex("heat");
            for (int v = 0; v < 10; v++) {
                up.addVectors(vector("hot-" + i + "-" + v, near(centers[4], rnd, 0.15)));
            }
            a.vectors(NodeFixture.DEFAULT_KEY).upsert(up.build());
        }
        ResultCache cache = a.node().caches().cache().orElseThrow();
        cache.heat().flush();
        b.node().caches().cache().orElseThrow().heat().flush();
        float[] hotQ = near(centers[4], rnd, 0.05);
        float[] coldQ = near(centers[5], rnd, 0.05);
        search(a, "heat", hotQ, 3, false);
        search(a, "heat", coldQ, 3, false);
        long hotTtl = ttlLeft(cache, "heat", hotQ, 3);
        long coldTtl = ttlLeft(cache, "heat", coldQ, 3);
        assertThat(hotTtl).isLessThan(coldTtl);
        assertThat(coldTtl).isGreaterThan(290_000);
        // An hour later the heat has decayed: the same hot query is cached for (almost) the full TTL.
        CLOCK.advance(3_600_000);
        SearchResponse expired = search(a, "heat", hotQ, 3, false);
        assertThat(expired.getCacheLevel()).as("expired by the injected clock").isEqualTo(CacheLevel.CACHE_LEVEL_NONE);
        assertThat(ttlLeft(cache, "heat", hotQ, 3)).isGreaterThan(coldTtl - 10_000);
    }

    @Test
    void theNearCacheStaysWithinItsBoundUnderAFloodOfDistinctQueries() {
        CacheMeters meters = new CacheMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        ExactCache small = new ExactCache(a.node().grid().ignite(), 256 * 1024, meters);
        SharedFills fills = new SharedFills(16, meters);
        createIndex(NodeFixture.DEFAULT_KEY, "default", "flood", 16);
        Random rnd = new Random(17);
        SearchResponse any = search(a, "flood", centers[0], 10, false);
        TenantId t = new TenantId("default");
        long createdAt = a.node().grid().catalog().requireActive(t, "flood").createdAtMs();
        ResultCache cache = a.node().caches().cache().orElseThrow();
        CacheProbe probe = cache.probe(t, "flood", SearchQuery.of(centers[0], 10), "");
        for (int i = 0; i < 3_000; i++) {
            float[] v = gaussian(rnd, 1);
            CachedResult r = new CachedResult(toDomain(any), v, VersionVector.EMPTY, 0,
                    new Dependencies(true, new int[] {0}, 1, new int[0]), CLOCK.millis() + 60_000);
            small.put(ResultKeys.exact(t, "flood", createdAt, SearchQuery.of(v, 10)), r, 60_000, fills);
            assertThat(small.nearWeight()).isLessThanOrEqualTo(256 * 1024);
        }
        assertThat(small.nearEntries()).isBetween(10L, 2_999L);
        assertThat(probe.hit()).isTrue();
    }

    /** Waits until both nodes' background fills have landed (a node reads another's only then). */
    private static void settle() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!(idle(a) && idle(b)) && System.nanoTime() < deadline) {
            pause(5);
        }
        assertThat(idle(a) && idle(b)).as("result-cache fills landed").isTrue();
    }

    private static boolean idle(NodeFixture node) {
        return node.node().caches().cache().orElseThrow().fillsIdle();
    }

    private static double staleCount(NodeFixture node) {
        var c = node.node().metrics().registry().find("pyrope.cache.lookups").tags("level", "exact", "outcome", "stale").counter();
        return c == null ? 0 : c.count();
    }

    private static long ttlLeft(ResultCache cache, String index, float[] q, int topK) {
        TenantId t = new TenantId("default");
        long createdAt = a.node().grid().catalog().requireActive(t, index).createdAtMs();
        CachedResult e = cache.exact().get(ResultKeys.exact(t, index, createdAt, SearchQuery.of(q, topK)));
        assertThat(e).isNotNull();
        return e.expiresAtMs() - CLOCK.millis();
    }

    private static io.pyrope.domain.SearchResult toDomain(SearchResponse r) {
        List<io.pyrope.domain.SearchHit> hits = new ArrayList<>();
        for (SearchHit h : r.getHitsList()) {
            hits.add(new io.pyrope.domain.SearchHit(h.getId(), h.getScore(), h.getMetadataMap(), null));
        }
        return new io.pyrope.domain.SearchResult(hits, r.getEfUsed(), false, r.getShardsSearched(), r.getDistanceComputations());
    }

    private static int farthestFrom(float[] q) {
        int best = 0;
        double worst = 2;
        for (int c = 0; c < CLUSTERS; c++) {
            double cos = SemanticCache.cosine(SemanticCache.unit(q), centers[c]);
            if (cos < worst) {
                worst = cos;
                best = c;
            }
        }
        return best;
    }

    private static SearchRequest request(String index, float[] q, int topK, boolean bypass) {
        SearchRequest.Builder r = SearchRequest.newBuilder().setIndex(index).setTopK(topK).setBypassCache(bypass);
        for (float f : q) {
            r.addQuery(f);
        }
        return r.build();
    }

    private static SearchResponse search(NodeFixture node, String index, float[] q, int topK, boolean bypass) {
        return node.vectors(NodeFixture.DEFAULT_KEY).search(request(index, q, topK, bypass));
    }

    private static List<String> ids(SearchResponse r) {
        return r.getHitsList().stream().map(SearchHit::getId).collect(Collectors.toList());
    }

    private static List<Float> scores(SearchResponse r) {
        return r.getHitsList().stream().map(SearchHit::getScore).collect(Collectors.toList());
    }

    private static Vector vector(String id, float[] values) {
        return NodeFixture.vector(id, values);
    }

    private static float[] near(float[] center, Random rnd, double spread) {
        float[] g = gaussian(rnd, spread);
        float[] out = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            out[i] = center[i] + g[i];
        }
        return out;
    }

    /** A random direction of length {@code scale}. */
    private static float[] gaussian(Random rnd, double scale) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) (v[i] / Math.sqrt(n) * scale);
        }
        return v;
    }

    private static void pause(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
