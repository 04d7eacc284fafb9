package io.pyrope.node.embed;

import com.sun.net.httpserver.HttpServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import com.google.protobuf.ByteString;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TextQuery;
import io.pyrope.domain.TextRecord;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.SidecarProcess;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Text in, vectors out, with every part real: two Pyrope nodes in this JVM, ONE sidecar process
 * started by {@code bin/pyrope sidecar} (all-MiniLM-L6-v2 on ONNX Runtime, loaded from the
 * llm-sidecar build), gRPC on loopback. The steps share the cluster (model loading is the slow
 * part, so it happens once) and run in order: text upsert + paraphrase search, the cluster-wide
 * embedding cache, the sidecar going down, and finally a sidecar with another model (an
 * OpenAI-compatible endpoint served by this test) invalidating the cache.
 * Needs llm-sidecar packaged (target/lib), hence an integration test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TextInputIT {
    private static final TestPorts PORTS = TestPorts.slot(14);
    private static final int SIDECAR_PORT = PORTS.base() + 50;
    private static final int STUB_PORT = PORTS.base() + 51;
    private static final String MINILM = "all-minilm-l6-v2";
    private static final String STUB_MODEL = "stub-embed-8";
    private static final String KEY = NodeFixture.DEFAULT_KEY;

    private static NodeFixture node1;
    private static NodeFixture node2;
    private static Process sidecar;
    private static HttpServer stub;
    private static final AtomicInteger stubCalls = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(SidecarProcess.packaged(),
                "llm-sidecar is not packaged (run the reactor build with -pl llm-sidecar,grid-node -am)");
        sidecar = startSidecar(Map.of(), "sidecar-minilm.log", "embedding model " + MINILM + " (");
        Map<String, String> env = Map.of("PYROPE_EMBEDDING_SIDECAR_PORT", Integer.toString(SIDECAR_PORT),
                "PYROPE_EMBEDDING_DEADLINE_MS", "20000");
        node1 = NodeFixture.start(PORTS, "text-1", env);
        Map<String, String> second = new HashMap<>(env);
        second.put("PYROPE_GRPC_PORT", Integer.toString(PORTS.grpc() + 1));
        second.put("PYROPE_THIN_PORT", Integer.toString(PORTS.thin() + 1));
        second.put("PYROPE_DISCOVERY_PORT", Integer.toString(PORTS.discovery() + 1));
        second.put("PYROPE_COMMUNICATION_PORT", Integer.toString(PORTS.communication() + 1));
        second.put("PYROPE_METRICS_PORT", "0");
        node2 = NodeFixture.start(PORTS, "text-2", second);
        await().atMost(Duration.ofSeconds(30)).until(() -> node1.node().grid().ignite().cluster().forServers().nodes().size() == 2);
    }

    @AfterAll
    static void stop() throws Exception {
        stopProcess(sidecar);
        if (node2 != null) {
            node2.close();
        }
        if (node1 != null) {
            node1.close();
        }
        if (stub != null) {
            stub.stop(0);
        }
    }

    @Test
    @Order(1)
    void aTextUpsertAndAParaphrasedSearchFindEachOther() {
        var created = node1.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("docs").setMetric(Metric.COSINE).setEmbeddingModel(MINILM)).build());
        assertThat(created.getIndex().getSpec().getDimension()).as("dimension taken from the model").isEqualTo(384);
        assertThat(created.getIndex().getSpec().getEmbeddingModel()).isEqualTo(MINILM);

        Map<String, String> docs = Map.of(
                "cat", "The cat is sleeping on the sofa in the living room.",
                "stocks", "Share prices dropped sharply on the stock exchange this morning.",
                "bread", "Knead the dough, let it rise overnight and bake the loaf at 230 degrees.",
                "football", "The home team scored a late goal and won the championship match.",
                "rain", "Heavy rain and strong winds are expected along the coast tomorrow.",
                "laptop", "My notebook computer does not start: the screen stays black after I press power.");
        UpsertRequest.Builder upsert = UpsertRequest.newBuilder().setIndex("docs");
        docs.forEach((id, text) -> upsert.addVectors(Vector.newBuilder().setId(id).setText(text).putMetadata("text", text)));
        assertThat(node1.vectors(KEY).upsert(upsert.build()).getUpserted()).isEqualTo(6);

        // Paraphrases sharing (almost) no words with the stored texts, searched through the other node.
        Map<String, String> paraphrases = Map.of(
                "cat", "a kitten napping on the couch",
                "stocks", "equity markets fell steeply today",
                "bread", "how do I make homemade sourdough",
                "laptop", "my PC won't boot, display is dark");
        paraphrases.forEach((expected, query) -> {
            SearchResponse r = node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs").setText(query)
                    .setTopK(3).setIncludeMetadata(true).build());
            assertThat(r.getHits(0).getId()).as("top hit for '%s'", query).isEqualTo(expected);
        });

        // The Java SDK (thin client, through the other node) takes text too, with the same server-side path.
        try (PyropeClient sdk = PyropeClient.builder().addresses("127.0.0.1:" + (PORTS.thin() + 1)).apiKey(KEY)
                .requestTimeout(Duration.ofSeconds(60)).build()) {
            assertThat(sdk.upsertTexts("docs", List.of(new TextRecord("tea",
                    "Green tea is brewed with water just below boiling, for two to three minutes.")))).isEqualTo(1);
            SearchResult r = sdk.searchText("docs", TextQuery.of("what temperature should the water be for green tea", 2));
            assertThat(r.hits().get(0).id()).isEqualTo("tea");
        }

        // The stored vector is the model's: unit length, 384 values (get returns vectors, not text).
        var got = node2.vectors(KEY).get(io.pyrope.api.v1.GetRequest.newBuilder().setIndex("docs").addIds("cat")
                .setIncludeVectors(true).build());
        double norm = 0;
        for (float f : got.getVectors(0).getValuesList()) {
            norm += f * f;
        }
        assertThat(got.getVectors(0).getValuesCount()).isEqualTo(384);
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    @Order(2)
    void badTextInputIsRefusedClearlyAndChangesNothing() {
        node1.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("plain").setDimension(4).setMetric(Metric.COSINE)).build());
        assertStatus(() -> node1.vectors(KEY).search(SearchRequest.newBuilder().setIndex("plain").setText("hello").setTopK(1).build()),
                Status.Code.FAILED_PRECONDITION, "has no embedding model");
        assertStatus(() -> node1.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs")
                        .addVectors(Vector.newBuilder().setId("ok").setText("fine text"))
                        .addVectors(Vector.newBuilder().setId("both").setText("x").addValues(1f)).build()),
                Status.Code.INVALID_ARGUMENT, "vectors[1] has both values and text");
        assertStatus(() -> node1.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs")
                        .addVectors(Vector.newBuilder().setId("blank").setText("   \t ")).build()),
                Status.Code.INVALID_ARGUMENT, "vectors[0].text is empty");
        assertStatus(() -> node1.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                        .setName("wrongdim").setDimension(128).setMetric(Metric.COSINE).setEmbeddingModel(MINILM)).build()),
                Status.Code.INVALID_ARGUMENT, "384");
        assertStatus(() -> node1.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                        .setName("othermodel").setMetric(Metric.COSINE).setEmbeddingModel("bge-small")).build()),
                Status.Code.FAILED_PRECONDITION, "the sidecar serves " + MINILM);
        assertThat(node1.vectors(KEY).get(io.pyrope.api.v1.GetRequest.newBuilder().setIndex("docs").addIds("ok").build())
                .getVectorsCount()).as("the rejected batch wrote nothing").isZero();
    }

    @Test
    @Order(3)
    void theSecondEmbeddingOfATextIsACacheHitOnAnotherNode() {
        String text = "Which trains run from Lyon to Geneva on Sunday evenings?";
        double sidecarCallsBefore = sidecarCalls(node1) + sidecarCalls(node2);
        double missesBefore = lookups(node1, "miss") + lookups(node2, "miss");
        SearchResponse first = node1.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs").setText(text).setTopK(3).build());
        assertThat(lookups(node1, "miss") + lookups(node2, "miss")).isEqualTo(missesBefore + 1);
        assertThat(sidecarCalls(node1) + sidecarCalls(node2)).isEqualTo(sidecarCallsBefore + 1);

        double clusterHitsBefore = lookups(node2, "cluster_hit");
        // Whitespace differences normalize to the same key.
        SearchResponse second = node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                .setText("  Which trains run from Lyon to Geneva   on Sunday evenings? ").setTopK(3).build());
        assertThat(lookups(node2, "cluster_hit")).as("served by the cluster cache on node 2").isEqualTo(clusterHitsBefore + 1);
        assertThat(sidecarCalls(node1) + sidecarCalls(node2)).as("no second embedding anywhere").isEqualTo(sidecarCallsBefore + 1);
        assertThat(second.getHitsList()).isEqualTo(first.getHitsList());

        double frontHitsBefore = lookups(node2, "front_hit");
        node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs").setText(text).setTopK(3).build());
        assertThat(lookups(node2, "front_hit")).as("third time: node 2's local front").isEqualTo(frontHitsBefore + 1);
    }

    @Test
    @Order(4)
    void theLlmResponseCacheTakesTextPromptsAndFindsParaphrasesOnAnotherNode() {
        var cache1 = NodeFixture.withKey(CacheServiceGrpc.newBlockingStub(node1.channel()), KEY);
        var cache2 = NodeFixture.withKey(CacheServiceGrpc.newBlockingStub(node2.channel()), KEY);
        // Bulk put by text: the namespace is created for the sidecar's model.
        CacheBulkPutRequest.Builder bulk = CacheBulkPutRequest.newBuilder().setNamespace("faq");
        Map.of("How do I reset my password?", "Use the 'Forgot password' link on the sign-in page.",
                "What are your opening hours?", "We are open 9:00-17:00, Monday to Friday.",
                "Can I return an item after 30 days?", "Returns are accepted within 30 days only.")
                .forEach((q, a) -> bulk.addEntries(CacheEntry.newBuilder().setText(q)
                        .setResponse(ByteString.copyFromUtf8(a)).putMetadata("topic", "support")));
        assertThat(cache1.bulkPut(bulk.build()).getStored()).isEqualTo(3);

        CacheLookupResponse hit = cache2.lookup(CacheLookupRequest.newBuilder().setNamespace("faq")
                .setText("I forgot my password, how can I change it?").setThreshold(0.7f).build());
        assertThat(hit.getHit()).as("a paraphrase, through the other node").isTrue();
        assertThat(hit.getResponse().toStringUtf8()).contains("Forgot password");
        assertThat(hit.getSimilarity()).isBetween(0.7f, 0.999f);
        assertThat(cache2.lookup(CacheLookupRequest.newBuilder().setNamespace("faq")
                .setText("What is the boiling point of mercury?").setThreshold(0.7f).build()).getHit())
                .as("an unrelated question").isFalse();
        // Exact text: similarity 1 at the default threshold.
        CacheLookupResponse same = cache1.lookup(CacheLookupRequest.newBuilder().setNamespace("faq")
                .setText("What are your opening hours?").build());
        assertThat(same.getHit()).isTrue();
        assertThat(same.getSimilarity()).isGreaterThan(0.999f);
        // A namespace that does not exist yet: a miss, no embedding needed.
        assertThat(cache1.lookup(CacheLookupRequest.newBuilder().setNamespace("nothing-yet").setText("hello").build()).getHit())
                .isFalse();

        // Bad input: both, text for a vectors-only namespace, empty text; nothing stored.
        cache1.put(CachePutRequest.newBuilder().setNamespace("vectors-only").setEntry(CacheEntry.newBuilder()
                .addEmbedding(1).addEmbedding(0).setResponse(ByteString.copyFromUtf8("v"))).build());
        assertStatus(() -> cache1.lookup(CacheLookupRequest.newBuilder().setNamespace("vectors-only").setText("hi").build()),
                Status.Code.FAILED_PRECONDITION, "has no embedding model");
        assertStatus(() -> cache1.lookup(CacheLookupRequest.newBuilder().setNamespace("faq").setText("hi").addEmbedding(1).build()),
                Status.Code.INVALID_ARGUMENT, "both embedding and text");
        assertStatus(() -> cache1.bulkPut(CacheBulkPutRequest.newBuilder().setNamespace("faq")
                        .addEntries(CacheEntry.newBuilder().setText("fine").setResponse(ByteString.copyFromUtf8("x")))
                        .addEntries(CacheEntry.newBuilder().setText("  ").setResponse(ByteString.copyFromUtf8("y"))).build()),
                Status.Code.INVALID_ARGUMENT, "entries[1].text is empty");
        assertThat(cache1.stats(CacheStatsRequest.newBuilder().setNamespace("faq").build()).getEntries()).isEqualTo(3);

        // The SDK: put and look up by text.
        try (PyropeClient sdk = PyropeClient.builder().addresses("127.0.0.1:" + PORTS.thin()).apiKey(KEY)
                .requestTimeout(Duration.ofSeconds(60)).build()) {
            sdk.cachePut("faq", LlmCacheEntry.ofText("Do you ship to Canada?", "Yes, within 5-7 days.".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), Map.of(), Duration.ZERO));
            var sdkHit = sdk.cacheLookupText("faq", "Is delivery to Canada possible?", 0.7f, MetadataFilter.NONE);
            assertThat(sdkHit).isPresent();
            assertThat(new String(sdkHit.get().response(), java.nio.charset.StandardCharsets.UTF_8)).contains("5-7 days");
        }
    }

    @Test
    @Order(5)
    void theSidecarKilledAndRestartedUnderSearchLoadFailsNoVectorSearch() throws Exception {
        float[] v = new float[384];
        v[1] = 1;
        node1.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs").addVectors(NodeFixture.vector("load", v)).build());
        SearchRequest.Builder byVector = SearchRequest.newBuilder().setIndex("docs").setTopK(3).setBypassCache(true);
        for (float f : v) {
            byVector.addQuery(f);
        }
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread load = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    SearchResponse r = (i % 2 == 0 ? node1 : node2).vectors(KEY).search(byVector.build());
                    if (!r.getHits(0).getId().equals("load") || r.getPartial()) {
                        failures.add("wrong answer " + r.getHitsList());
                    }
                    searches.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }, "vector-search-load");
        load.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() >= 50);
            sidecar.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            int atKill = searches.get();
            // Text the cache does not hold fails fast while the sidecar is gone (documented behaviour).
            assertStatus(() -> node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                    .setText("nobody embedded this sentence while the sidecar was down").setTopK(3).build()),
                    Status.Code.UNAVAILABLE, "embedding sidecar");
            sidecar = startSidecar(Map.of(), "sidecar-restarted.log", "embedding model " + MINILM + " (");
            // The node reconnects by itself: text nobody embedded before works again, through both nodes.
            long restartedAt = System.nanoTime();
            for (NodeFixture n : List.of(node1, node2)) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(n.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                                .setText("embedded after the sidecar came back, via " + n.node().config().node().name())
                                .setTopK(1).build()).getHitsCount()).isEqualTo(1));
            }
            System.out.printf("text search worked again %d ms after the new sidecar was ready%n",
                    (System.nanoTime() - restartedAt) / 1_000_000);
            int atRestart = searches.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> searches.get() >= atRestart + 50);
            System.out.printf("vector searches under load: %d before the sidecar's kill -9, %d until it was back, %d in all, "
                    + "%d failed%n", atKill, atRestart, searches.get(), failures.size());
        } finally {
            running.set(false);
            load.join(30_000);
        }
        assertThat(failures).as("failed vector searches").isEmpty();
        node1.vectors(KEY).delete(io.pyrope.api.v1.DeleteRequest.newBuilder().setIndex("docs").addIds("load").build());
    }

    @Test
    @Order(6)
    void withTheSidecarDownTextFailsFastWithUnavailableAndVectorsAreUnaffected() throws Exception {
        stopProcess(sidecar);
        sidecar = null;
        long t0 = System.nanoTime();
        assertStatus(() -> node1.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                        .setText("a sentence nobody has embedded before").setTopK(3).build()),
                Status.Code.UNAVAILABLE, "embedding sidecar");
        // Far below the 20 s deadline: a refused connection fails at once.
        Duration failedAfter = Duration.ofNanos(System.nanoTime() - t0);
        System.out.println("text search with the sidecar down failed with UNAVAILABLE after " + failedAfter.toMillis() + " ms");
        assertThat(failedAfter).isLessThan(Duration.ofSeconds(5));
        assertStatus(() -> node2.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs")
                .addVectors(Vector.newBuilder().setId("new").setText("another unseen sentence")).build()),
                Status.Code.UNAVAILABLE, "send vectors instead of text");

        float[] v = new float[384];
        v[0] = 1;
        assertThat(node1.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs")
                .addVectors(NodeFixture.vector("by-vector", v)).build()).getUpserted()).isEqualTo(1);
        SearchRequest.Builder byVector = SearchRequest.newBuilder().setIndex("docs").setTopK(1);
        for (float f : v) {
            byVector.addQuery(f);
        }
        assertThat(node2.vectors(KEY).search(byVector.build()).getHits(0).getId()).isEqualTo("by-vector");
        // The LLM-response cache likewise: text fails fast, embeddings still work.
        var cache = NodeFixture.withKey(CacheServiceGrpc.newBlockingStub(node1.channel()), KEY);
        assertStatus(() -> cache.lookup(CacheLookupRequest.newBuilder().setNamespace("faq")
                .setText("a prompt nobody has embedded").build()), Status.Code.UNAVAILABLE, "embedding sidecar");
        assertThat(cache.lookup(CacheLookupRequest.newBuilder().setNamespace("vectors-only").addEmbedding(1).addEmbedding(0)
                .build()).getHit()).isTrue();
    }

    @Test
    @Order(7)
    void aSidecarWithAnotherModelInvalidatesTheCacheClusterWide() throws Exception {
        stub = startStub();
        sidecar = startSidecar(Map.of(
                "PYROPE_SIDECAR_EMBEDDING_PROVIDER", "openai",
                "PYROPE_SIDECAR_EMBEDDING_OPENAI_BASE_URL", "http://127.0.0.1:" + STUB_PORT + "/v1",
                "PYROPE_SIDECAR_EMBEDDING_OPENAI_MODEL", STUB_MODEL,
                "PYROPE_SIDECAR_EMBEDDING_OPENAI_DIMENSION", "8",
                "PYROPE_SIDECAR_EMBEDDING_OPENAI_API_KEY_ENV", "STUB_EMBED_KEY",
                "STUB_EMBED_KEY", "stub-secret"), "sidecar-stub.log", "embedding model " + STUB_MODEL + " (");
        EmbeddingCache cache1 = node1.node().services().embeddings().cache();
        assertThat(cache1.clusterSize()).as("filled by the earlier steps").isPositive();
        assertThat(cache1.recordedModel()).isEqualTo(MINILM);

        // A text the cache does not hold goes to the sidecar, which now answers with another model.
        assertStatus(() -> node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                        .setText("yet another sentence").setTopK(3).build()),
                Status.Code.FAILED_PRECONDITION, "created for embedding model " + MINILM + ", but the sidecar now serves " + STUB_MODEL);
        assertThat(stubCalls.get()).isEqualTo(1);
        assertThat(cache1.clusterSize()).as("cleared cluster-wide").isZero();
        assertThat(cache1.recordedModel()).isEqualTo(STUB_MODEL);
        await().atMost(Duration.ofSeconds(5)).until(() -> frontSize(node1) == 0 && frontSize(node2) == 0);
        // A text that WAS cached for the old model is no longer served from the cache either.
        assertStatus(() -> node1.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs")
                        .setText("Which trains run from Lyon to Geneva on Sunday evenings?").setTopK(3).build()),
                Status.Code.FAILED_PRECONDITION, STUB_MODEL);

        // An index for the new model works end to end (and its vectors come from the stub endpoint).
        node1.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("docs8").setMetric(Metric.L2).setEmbeddingModel(STUB_MODEL)).build());
        node1.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("docs8")
                .addVectors(Vector.newBuilder().setId("a").setText("alpha"))
                .addVectors(Vector.newBuilder().setId("b").setText("beta")).build());
        assertThat(node2.vectors(KEY).search(SearchRequest.newBuilder().setIndex("docs8").setText("beta").setTopK(1).build())
                .getHits(0).getId()).isEqualTo("b");
    }

    // --- helpers ---

    private static double lookups(NodeFixture node, String result) {
        var c = registry(node).find("pyrope.embedding.cache.lookups").tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private static double sidecarCalls(NodeFixture node) {
        var t = registry(node).find("pyrope.embedding.sidecar.duration").timer();
        return t == null ? 0 : t.count();
    }

    private static double frontSize(NodeFixture node) {
        return registry(node).find("pyrope.embedding.cache.size").tag("level", "front").gauge().value();
    }

    private static MeterRegistry registry(NodeFixture node) {
        return node.node().metrics().registry();
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    private static Process startSidecar(Map<String, String> extraEnv, String logName, String readyLine) throws Exception {
        return SidecarProcess.start(SIDECAR_PORT, extraEnv, PlainIgnite.workDir("text-input").resolve(logName), readyLine);
    }

    private static void stopProcess(Process p) throws InterruptedException {
        SidecarProcess.stop(p);
    }

    /**
     * An OpenAI-compatible /v1/embeddings endpoint: deterministic 8-dimensional vectors (one
     * random direction per distinct text), and only for the API key the sidecar got from its
     * environment.
     */
    private static HttpServer startStub() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", STUB_PORT), 0);
        server.createContext("/v1/embeddings", exchange -> {
            stubCalls.incrementAndGet();
            byte[] body;
            int status;
            if (!"Bearer stub-secret".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"error\":\"bad key\"}".getBytes(StandardCharsets.UTF_8);
            } else {
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(exchange.getRequestBody());
                List<String> data = new ArrayList<>();
                for (int i = 0; i < json.get("input").size(); i++) {
                    Random r = new Random(json.get("input").get(i).asText().hashCode());
                    StringBuilder v = new StringBuilder();
                    for (int d = 0; d < 8; d++) {
                        v.append(d == 0 ? "" : ",").append(r.nextFloat());
                    }
                    data.add("{\"object\":\"embedding\",\"index\":" + i + ",\"embedding\":[" + v + "]}");
                }
                status = 200;
                body = ("{\"object\":\"list\",\"model\":\"" + json.get("model").asText() + "\",\"data\":["
                        + String.join(",", data) + "]}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server;
    }
}
