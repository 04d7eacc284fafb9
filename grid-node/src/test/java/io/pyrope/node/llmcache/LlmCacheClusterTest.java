package io.pyrope.node.llmcache;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.CacheStatsResponse;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.MetadataFilter;
import io.pyrope.api.v1.Metric;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.PyropeException;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The LLM-response cache (CacheService) on a real 2-node cluster over gRPC. */
class LlmCacheClusterTest {
    private static final int DIM = 32;
    private static final int BOUND = 60;
    private static NodeFixture a;
    private static NodeFixture b;
    private static String bob;
    private static String carol;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(12);
        Map<String, String> env = Map.of("PYROPE_CACHES_LLM_MAX_ENTRIES_PER_TENANT", Integer.toString(BOUND));
        a = NodeFixture.start(ports, "llm-a", env);
        Map<String, String> envB = new java.util.HashMap<>(env);
        envB.put("PYROPE_PORT_OFFSET", "1");
        b = NodeFixture.start(ports, "llm-b", envB);
        bob = a.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("bob").build()).getApiKey();
        carol = a.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("carol").build()).getApiKey();
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

    private static CacheServiceGrpc.CacheServiceBlockingStub cache(NodeFixture node, String key) {
        return NodeFixture.withKey(CacheServiceGrpc.newBlockingStub(node.channel()), key);
    }

    @Test
    void aSimilarPromptHitsOnAnyNodeAndADissimilarOneMisses() {
        Random rnd = new Random(1);
        float[] prompt = unit(rnd);
        cache(a, NodeFixture.DEFAULT_KEY).put(CachePutRequest.newBuilder().setNamespace("chat")
                .setEntry(entry(prompt, "the answer", Map.of("model", "m1"))).build());
        float[] paraphrase = near(prompt, rnd, 0.1);
        CacheLookupResponse hit = cache(b, NodeFixture.DEFAULT_KEY).lookup(lookup("chat", paraphrase, 0));
        assertThat(hit.getHit()).isTrue();
        assertThat(hit.getResponse().toStringUtf8()).isEqualTo("the answer");
        assertThat(hit.getMetadataMap()).containsEntry("model", "m1");
        assertThat((double) hit.getSimilarity()).isCloseTo(io.pyrope.client.Similarity.cosine(prompt, paraphrase), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(cache(b, NodeFixture.DEFAULT_KEY).lookup(lookup("chat", unit(rnd), 0)).getHit()).isFalse();
        // A stricter threshold than the similarity misses; a filter on other metadata misses.
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).lookup(lookup("chat", paraphrase, 0.9999f)).getHit()).isFalse();
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).lookup(lookup("chat", paraphrase, 0).toBuilder()
                .setFilter(MetadataFilter.newBuilder().putMustEqual("model", "m2")).build()).getHit()).isFalse();
        // Counted asynchronously, cluster-wide: visible from the other node within moments.
        await().atMost(Duration.ofSeconds(10)).until(() -> cache(b, NodeFixture.DEFAULT_KEY)
                .stats(CacheStatsRequest.newBuilder().setNamespace("chat").build()).getMisses() == 3);
        CacheStatsResponse stats = cache(b, NodeFixture.DEFAULT_KEY).stats(CacheStatsRequest.newBuilder().setNamespace("chat").build());
        assertThat(stats.getEntries()).isEqualTo(1);
        assertThat(stats.getHits()).isEqualTo(1);
        assertThat(stats.getMisses()).isEqualTo(3);
        assertThat(stats.getHitRate()).isEqualTo(0.25);
        // The namespace is an internal index: not listed, and its name cannot be taken by users.
        assertThat(a.indexes(NodeFixture.DEFAULT_KEY).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesList())
                .noneMatch(i -> i.getSpec().getName().startsWith("pyrope-"));
        assertThatThrownBy(() -> a.indexes(NodeFixture.DEFAULT_KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(IndexSpec.newBuilder().setName("pyrope-llm-x").setDimension(2).setMetric(Metric.L2)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining("reserved");
    }

    @Test
    void anotherTenantNeverSeesTheEntries() {
        Random rnd = new Random(2);
        float[] prompt = unit(rnd);
        cache(a, NodeFixture.DEFAULT_KEY).put(CachePutRequest.newBuilder().setNamespace("shared")
                .setEntry(entry(prompt, "default's secret", Map.of())).build());
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).lookup(lookup("shared", prompt, 0)).getHit()).isTrue();
        assertThat(cache(b, bob).lookup(lookup("shared", prompt, 0)).getHit()).isFalse();
        cache(b, bob).put(CachePutRequest.newBuilder().setNamespace("shared").setEntry(entry(prompt, "bob's", Map.of())).build());
        assertThat(cache(a, bob).lookup(lookup("shared", prompt, 0)).getResponse().toStringUtf8()).isEqualTo("bob's");
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).lookup(lookup("shared", prompt, 0)).getResponse().toStringUtf8())
                .isEqualTo("default's secret");
    }

    @Test
    void invalidateByFilterOrAllRemovesExactlyThoseEntries() {
        Random rnd = new Random(3);
        CacheBulkPutRequest.Builder bulk = CacheBulkPutRequest.newBuilder().setNamespace("inv");
        float[][] prompts = new float[10][];
        for (int i = 0; i < 10; i++) {
            prompts[i] = unit(rnd);
            bulk.addEntries(entry(prompts[i], "r" + i, Map.of("doc", i % 2 == 0 ? "even" : "odd")));
        }
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).bulkPut(bulk.build()).getStored()).isEqualTo(10);
        assertThat(cache(b, NodeFixture.DEFAULT_KEY).invalidate(CacheInvalidateRequest.newBuilder().setNamespace("inv")
                .setFilter(MetadataFilter.newBuilder().putMustEqual("doc", "even")).build()).getRemoved()).isEqualTo(5);
        for (int i = 0; i < 10; i++) {
            assertThat(cache(a, NodeFixture.DEFAULT_KEY).lookup(lookup("inv", prompts[i], 0)).getHit()).as("entry %d", i)
                    .isEqualTo(i % 2 == 1);
        }
        assertThat(cache(a, NodeFixture.DEFAULT_KEY).invalidate(CacheInvalidateRequest.newBuilder().setNamespace("inv")
                .setAll(true).build()).getRemoved()).isEqualTo(5);
        assertThat(cache(b, NodeFixture.DEFAULT_KEY).lookup(lookup("inv", prompts[1], 0)).getHit()).isFalse();
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        var stub = cache(a, NodeFixture.DEFAULT_KEY);
        rejects(() -> stub.put(CachePutRequest.newBuilder().setNamespace("bad ns").setEntry(entry(unit(new Random(4)), "x", Map.of())).build()),
                "namespace");
        rejects(() -> stub.put(CachePutRequest.newBuilder().setNamespace("ok").setEntry(entry(new float[DIM], "x", Map.of())).build()),
                "all zeros");
        rejects(() -> stub.lookup(lookup("ok", unit(new Random(5)), 1.5f)), "threshold");
        rejects(() -> stub.invalidate(CacheInvalidateRequest.newBuilder().setNamespace("ok").build()), "filter");
        rejects(() -> stub.put(CachePutRequest.newBuilder().setNamespace("ok").build()), "entry is required");
    }

    @Test
    void eachTenantIsBoundedAndTheLeastRecentlyUsedGoFirst() {
        Random rnd = new Random(6);
        float[][] prompts = new float[BOUND + 20][];
        for (int i = 0; i < prompts.length; i++) {
            prompts[i] = unit(rnd);
        }
        CacheBulkPutRequest.Builder first = CacheBulkPutRequest.newBuilder().setNamespace("lru");
        for (int i = 0; i < BOUND; i++) {
            first.addEntries(entry(prompts[i], "r" + i, Map.of()));
        }
        cache(a, carol).bulkPut(first.build());
        // Use the first five (most recently used from now on), then overflow the bound.
        for (int i = 0; i < 5; i++) {
            assertThat(cache(b, carol).lookup(lookup("lru", prompts[i], 0)).getHit()).isTrue();
        }
        CacheBulkPutRequest.Builder more = CacheBulkPutRequest.newBuilder().setNamespace("lru");
        for (int i = BOUND; i < prompts.length; i++) {
            more.addEntries(entry(prompts[i], "r" + i, Map.of()));
        }
        cache(a, carol).bulkPut(more.build());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cache(a, carol).stats(CacheStatsRequest.newBuilder().setNamespace("lru").build()).getEntries() <= BOUND);
        for (int i = 0; i < 5; i++) {
            assertThat(cache(a, carol).lookup(lookup("lru", prompts[i], 0)).getHit()).as("recently used %d", i).isTrue();
        }
        for (int i = BOUND; i < prompts.length; i++) {
            assertThat(cache(a, carol).lookup(lookup("lru", prompts[i], 0)).getHit()).as("newest %d", i).isTrue();
        }
    }

    /** The same service through the thin-client SDK (server-side tasks, same API class). */
    @Test
    void theThinClientSdkPutsLooksUpInvalidatesAndReportsStats() {
        Random rnd = new Random(7);
        float[] prompt = unit(rnd);
        try (PyropeClient client = PyropeClient.builder().addresses("127.0.0.1:" + b.node().config().thin().port())
                .apiKey(NodeFixture.DEFAULT_KEY).requestTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(client.cachePut("sdk", new LlmCacheEntry(prompt, "via sdk".getBytes(), Map.of("k", "v"), Duration.ZERO)))
                    .isEqualTo(1);
            Optional<LlmCacheHit> hit = client.cacheLookup("sdk", near(prompt, rnd, 0.05), 0, io.pyrope.domain.MetadataFilter.NONE);
            assertThat(hit).isPresent();
            assertThat(new String(hit.get().response())).isEqualTo("via sdk");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.cacheStats("sdk").hits() == 1);
            assertThat(client.cacheInvalidate("sdk", new io.pyrope.domain.MetadataFilter(Map.of("k", "v")), false)).isEqualTo(1);
            assertThat(client.cacheLookup("sdk", prompt, 0, io.pyrope.domain.MetadataFilter.NONE)).isEmpty();
            // Alias management through the SDK as well.
            client.createIndex(io.pyrope.domain.IndexSpec.of("faq", 4, io.pyrope.domain.Metric.COSINE));
            assertThat(client.setAlias("faq", "how do I reset my pw", "reset password", 0.9f, Duration.ofMinutes(5))).isTrue();
            assertThat(client.getAlias("faq", "how do I reset my pw")).hasValueSatisfying(al -> {
                assertThat(al.canonicalKey()).isEqualTo("reset password");
                assertThat(al.active()).isTrue();
            });
            assertThat(client.deleteAlias("faq", "how do I reset my pw")).isTrue();
            assertThat(client.getAlias("faq", "how do I reset my pw")).isEmpty();
            assertThatThrownBy(() -> client.cacheLookup("bad ns", prompt, 0, io.pyrope.domain.MetadataFilter.NONE))
                    .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    private static void rejects(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT)).hasMessageContaining(message);
    }

    private static CacheEntry entry(float[] embedding, String response, Map<String, String> metadata) {
        CacheEntry.Builder e = CacheEntry.newBuilder().setResponse(ByteString.copyFromUtf8(response)).putAllMetadata(metadata);
        for (float f : embedding) {
            e.addEmbedding(f);
        }
        return e.build();
    }

    private static CacheLookupRequest lookup(String ns, float[] embedding, float threshold) {
        CacheLookupRequest.Builder r = CacheLookupRequest.newBuilder().setNamespace(ns).setThreshold(threshold);
        for (float f : embedding) {
            r.addEmbedding(f);
        }
        return r.build();
    }

    private static float[] unit(Random rnd) {
        float[] v = new float[DIM];
        double n = 0;
        for (int i = 0; i < DIM; i++) {
            v[i] = (float) rnd.nextGaussian();
            n += v[i] * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            v[i] /= (float) Math.sqrt(n);
        }
        return v;
    }

    private static float[] near(float[] v, Random rnd, double spread) {
        float[] g = unit(rnd);
        float[] out = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            out[i] = v[i] + (float) (g[i] * spread);
        }
        return out;
    }
}
