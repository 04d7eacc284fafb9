package io.pyrope.node.ivf;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.IndexDescription;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.IndexType;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.client.PyropeClient;
import io.pyrope.client.Similarity;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * IVF indexes over the real transports of a real node: gRPC (create, describe, search with
 * nprobe, bad input) and the thin-client SDK (the same fields and statuses).
 */
class IvfApiTest {
    private static final TestPorts PORTS = TestPorts.slot(23);
    private static final int DIM = 8;
    private static final int LISTS = 16;
    private static final String KEY = NodeFixture.DEFAULT_KEY;
    private static NodeFixture fixture;
    private static PyropeClient sdk;
    private static final List<float[]> DATA = new ArrayList<>();

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(PORTS, "ivf-api", Map.of());
        sdk = PyropeClient.builder().addresses("127.0.0.1:" + PORTS.thin()).apiKey(KEY)
                .requestTimeout(Duration.ofSeconds(30)).build();
        fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(ivf("lists", LISTS, 4)).build());
        fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder()
                .setName("graph").setDimension(DIM).setMetric(Metric.L2)).build());
        Random rnd = new Random(5);
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex("lists");
        // More than the 512 candidates a shard always scans exactly, so that searches use the lists.
        for (int i = 0; i < 1000; i++) {
            float[] v = new float[DIM];
            int cluster = i % 10;
            for (int d = 0; d < DIM; d++) {
                v[d] = cluster * (d % 3 == 0 ? 1 : -1) + (float) rnd.nextGaussian() * 0.2f;
            }
            DATA.add(v);
            up.addVectors(vector("v" + i, v));
        }
        fixture.vectors(KEY).upsert(up.build());
        fixture.vectors(KEY).upsert(UpsertRequest.newBuilder().setIndex("graph").addVectors(vector("g", new float[DIM])).build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static IndexSpec ivf(String name, int lists, int nprobe) {
        return IndexSpec.newBuilder().setName(name).setDimension(DIM).setMetric(Metric.L2).setType(IndexType.IVF)
                .setCentroids(lists).setNprobe(nprobe).build();
    }

    private static SearchRequest.Builder search(String index, float[] q) {
        SearchRequest.Builder b = SearchRequest.newBuilder().setIndex(index).setTopK(5).setBypassCache(true); // IVF effort, not the caches
        for (float f : q) {
            b.addQuery(f);
        }
        return b;
    }

    @Test
    void describeShowsTheTypeAndDefaultNprobe() {
        IndexDescription d = fixture.indexes(KEY).describeIndex(DescribeIndexRequest.newBuilder().setName("lists").build());
        assertThat(d.getSpec().getType()).isEqualTo(IndexType.IVF);
        assertThat(d.getSpec().getNprobe()).isEqualTo(4);
        assertThat(d.getSpec().getCentroids()).isEqualTo(LISTS);
        assertThat(d.getSpec().getM()).as("no graph").isZero();
        IndexDescription g = fixture.indexes(KEY).describeIndex(DescribeIndexRequest.newBuilder().setName("graph").build());
        assertThat(g.getSpec().getType()).isEqualTo(IndexType.HNSW);
        assertThat(g.getSpec().getNprobe()).isZero();

        IndexInfo viaSdk = sdk.describeIndex("lists");
        assertThat(viaSdk.spec().isIvf()).isTrue();
        assertThat(viaSdk.spec().nprobe()).isEqualTo(4);
    }

    @Test
    void searchesProbeTheRequestedListsOnceCentroidsAreTrained() {
        // The node trains centroids in the background (first at 32 vectors) and feeds them to the shard.
        float[] q = DATA.get(7);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                fixture.vectors(KEY).search(search("lists", q).build()).getNprobeUsed() == 4);
        SearchResponse all = fixture.vectors(KEY).search(search("lists", q).setNprobe(LISTS).build());
        assertThat(all.getNprobeUsed()).isEqualTo(LISTS);
        assertThat(all.getEfUsed()).isZero();
        assertThat(all.getHitsList().stream().map(h -> h.getId()).toList()).isEqualTo(exactTop5(q));
        SearchResponse one = fixture.vectors(KEY).search(search("lists", q).setNprobe(1).build());
        assertThat(one.getNprobeUsed()).isEqualTo(1);
        assertThat(one.getDistanceComputations()).isLessThan(all.getDistanceComputations());

        SearchResult viaSdk = sdk.search("lists", SearchQuery.of(q, 5).withNprobe(2));
        assertThat(viaSdk.nprobeUsed()).isEqualTo(2);
        assertThat(viaSdk.efUsed()).isZero();
        SearchResult graph = sdk.search("graph", SearchQuery.of(q, 1));
        assertThat(graph.nprobeUsed()).isZero();
        assertThat(graph.efUsed()).isPositive();
    }

    @Test
    void badIvfInputIsRejectedAndChangesNothing() {
        int indexes = fixture.indexes(KEY).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesCount();
        float[] q = DATA.get(0);
        rejected(() -> fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(ivf("bad1", 8, 9)).build()),
                "nprobe must be 1..8");
        rejected(() -> fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(ivf("bad2", 8, 2).toBuilder().setM(16)).build()), "an IVF index has no graph");
        rejected(() -> fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(IndexSpec.newBuilder().setName("bad3").setDimension(DIM).setMetric(Metric.L2).setNprobe(4)).build()),
                "nprobe applies to IVF indexes only");
        rejected(() -> fixture.indexes(KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(ivf("bad4", 8, 2).toBuilder().setTypeValue(7)).build()), "index type must be HNSW or IVF");
        rejected(() -> fixture.vectors(KEY).search(search("lists", q).setNprobe(LISTS + 1).build()),
                "nprobe must be 0 (the index default, 4) or 1..16");
        rejected(() -> fixture.vectors(KEY).search(search("lists", q).setEf(50).build()), "ef applies to HNSW indexes");
        rejected(() -> fixture.vectors(KEY).search(search("graph", q).setNprobe(3).build()), "nprobe applies to IVF indexes");
        assertThat(fixture.indexes(KEY).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesCount()).isEqualTo(indexes);

        assertThatThrownBy(() -> sdk.search("lists", SearchQuery.of(q, 5).withNprobe(LISTS + 1)))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("number of IVF lists");
    }

    private static void rejected(Executable call, String message) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
                .hasMessageContaining(message);
    }

    private static List<String> exactTop5(float[] q) {
        return IntStream.range(0, DATA.size()).boxed()
                .sorted(Comparator.comparingDouble(i -> Similarity.squaredDistance(q, DATA.get(i))))
                .limit(5).map(i -> "v" + i).toList();
    }
}
