package io.pyrope.node.metrics;

import io.pyrope.metrics.Scrape;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.client.PyropeClient;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node with its metrics endpoint on a test port: gRPC calls go over loopback, then
 * {@code /metrics} is scraped over real HTTP and the series are checked against what was done.
 */
class NodeMetricsTest {
    private static final TestPorts PORTS = TestPorts.slot(6);
    private static final String VECTOR_SERVICE = "pyrope.v1.VectorService";
    private static final String DURATION = "grpc_server_processing_duration_seconds";
    private static final Pattern SERIES = Pattern.compile("\\b(grpc_server|pyrope|jvm|process|system)_[a-z_]+\\b");
    private static NodeFixture fixture;
    private static String url;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(PORTS, "metrics", Map.of());
        url = "http://127.0.0.1:" + PORTS.metrics();
        fixture.indexes(NodeFixture.DEFAULT_KEY).createIndex(CreateIndexRequest.newBuilder()
                .setSpec(IndexSpec.newBuilder().setName("docs").setDimension(4).setMetric(Metric.L2)).build());
        UpsertRequest.Builder upsert = UpsertRequest.newBuilder().setIndex("docs");
        for (int i = 0; i < 40; i++) {
            upsert.addVectors(vector("v" + i, i, 1, 0, 0));
        }
        fixture.vectors(NodeFixture.DEFAULT_KEY).upsert(upsert.build());
        for (int i = 0; i < 3; i++) {
            fixture.vectors(NodeFixture.DEFAULT_KEY).search(SearchRequest.newBuilder().setIndex("docs")
                    .addQuery(i).addQuery(1).addQuery(0).addQuery(0).setTopK(2).build());
        }
        // Wrong dimension: INVALID_ARGUMENT. No key: UNAUTHENTICATED (refused before any handler runs).
        assertThatThrownBy(() -> fixture.vectors(NodeFixture.DEFAULT_KEY).search(SearchRequest.newBuilder()
                .setIndex("docs").addQuery(1).setTopK(2).build()))
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> fixture.indexes(null).listIndexes(ListIndexesRequest.getDefaultInstance()))
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        // The same through the Java SDK (thin client): one good search, one with the wrong dimension.
        try (PyropeClient sdk = PyropeClient.builder().addresses("127.0.0.1:" + PORTS.thin())
                .apiKey(NodeFixture.DEFAULT_KEY).requestTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(sdk.search("docs", new SearchQuery(new float[]{0, 1, 0, 0}, 2, 0, null, false, false)).hits()).hasSize(2);
            assertThatThrownBy(() -> sdk.search("docs", new SearchQuery(new float[]{1}, 2, 0, null, false, false)))
                    .isInstanceOf(PyropeException.class);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @Test
    void servesPrometheusTextAtSlashMetricsOnlyThere() throws Exception {
        Scrape ok = Scrape.get(url + "/metrics");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.contentType()).startsWith("text/plain");
        assertThat(ok.body()).contains("# TYPE " + DURATION + " histogram");
        assertThat(fixture.node().metrics().port()).contains(PORTS.metrics());
        assertThat(Scrape.get(url + "/other").status()).isEqualTo(404);
    }

    @Test
    void countsEveryRpcByMethodAndStatusWithALatencyHistogram() throws Exception {
        Scrape s = Scrape.get(url + "/metrics");
        assertThat(s.value(DURATION + "_count", "service", VECTOR_SERVICE, "method", "Search", "statusCode", "OK"))
                .isEqualTo(3);
        assertThat(s.value(DURATION + "_count", "service", VECTOR_SERVICE, "method", "Search",
                "statusCode", "INVALID_ARGUMENT")).isEqualTo(1);
        assertThat(s.value(DURATION + "_count", "service", VECTOR_SERVICE, "method", "Upsert", "statusCode", "OK"))
                .isEqualTo(1);
        assertThat(s.value(DURATION + "_count", "service", "pyrope.v1.IndexService", "method", "ListIndexes",
                "statusCode", "UNAUTHENTICATED")).isEqualTo(1);
        // Preregistered: an RPC never called still has its series, at 0.
        assertThat(s.value(DURATION + "_count", "service", VECTOR_SERVICE, "method", "Delete", "statusCode", "OK"))
                .isZero();
        assertThat(s.value("grpc_server_requests_received_messages_total", "service", VECTOR_SERVICE, "method", "Search"))
                .isEqualTo(4);
        // Histogram: cumulative buckets ending in +Inf = count, and a positive total time.
        var buckets = s.find(DURATION + "_bucket", "method", "Search", "statusCode", "OK");
        assertThat(buckets).hasSizeGreaterThan(10);
        assertThat(s.value(DURATION + "_bucket", "method", "Search", "statusCode", "OK", "le", "+Inf")).isEqualTo(3);
        assertThat(buckets).extracting(Scrape.Sample::value).isSorted();
        assertThat(s.value(DURATION + "_sum", "method", "Search", "statusCode", "OK")).isPositive().isLessThan(60);
        assertThat(s.find(DURATION + "_count", "node", "node-" + PORTS.grpc())).hasSameSizeAs(s.find(DURATION + "_count"));
    }

    @Test
    void chargesSpendPerTenantAndRecordsTheEstimateRatio() throws Exception {
        Scrape s = Scrape.get(url + "/metrics");
        // 3 gRPC searches run and are charged; the SDK's search repeats the first one and is a free cache hit.
        assertThat(s.value("pyrope_budget_spend_units_total", "tenant", "default")).isPositive();
        assertThat(s.value("pyrope_cost_estimate_ratio_count")).isEqualTo(3);
        assertThat(s.value("pyrope_search_degraded_total", "reason", "budget")).isZero();
        assertThat(s.value("pyrope_quota_rejected_total", "quota", "rate")).isZero();
    }

    @Test
    void countsJavaSdkCallsByMethodAndStatus() throws Exception {
        Scrape s = Scrape.get(url + "/metrics");
        assertThat(s.value("pyrope_sdk_calls_seconds_count", "service", VECTOR_SERVICE, "method", "Search",
                "statusCode", "OK")).isEqualTo(1);
        assertThat(s.value("pyrope_sdk_calls_seconds_count", "service", VECTOR_SERVICE, "method", "Search",
                "statusCode", "INVALID_ARGUMENT")).isEqualTo(1);
        assertThat(s.value("pyrope_sdk_calls_seconds_bucket", "method", "Search", "statusCode", "OK", "le", "+Inf"))
                .isEqualTo(1);
    }

    @Test
    void reportsShardSizesTopologyAndSyncHealth() throws Exception {
        Scrape s = Scrape.get(url + "/metrics");
        assertThat(s.value("pyrope_shard_vectors", "tenant", "default", "index", "docs")).isEqualTo(40);
        // Every live vector is either still in the delta head or in a sealed segment.
        double head = s.value("pyrope_shard_head_vectors", "tenant", "default", "index", "docs");
        double segments = s.value("pyrope_shard_segments", "tenant", "default", "index", "docs");
        assertThat(head).isBetween(0.0, 40.0);
        assertThat(head == 40.0 || segments > 0).as("head %s, segments %s", head, segments).isTrue();
        assertThat(s.value("pyrope_shard_tombstones", "tenant", "default", "index", "docs")).isZero();
        assertThat(s.value("pyrope_cluster_servers")).isEqualTo(1);
        assertThat(s.value("pyrope_partitions", "role", "primary")).isEqualTo(32);
        assertThat(s.value("pyrope_partitions", "role", "backup")).isZero();
        assertThat(s.find("pyrope_shard_sync_skipped_events_total")).singleElement()
                .extracting(Scrape.Sample::value).isEqualTo(0.0);
    }

    /** Every node series the Grafana dashboard queries exists in a real node's scrape, under that name. */
    @Test
    void theDashboardQueriesSeriesTheNodeExports() throws Exception {
        Path dashboard = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("docker/grafana/dashboards/pyrope-overview.json");
        Matcher m = SERIES.matcher(Files.readString(dashboard));
        Set<String> queried = new TreeSet<>();
        while (m.find()) {
            if (!m.group().startsWith("pyrope_llm_") && !m.group().startsWith("pyrope_sidecar_")) {
                queried.add(m.group());
            }
        }
        assertThat(queried).hasSizeGreaterThan(10);
        Set<String> exported = new TreeSet<>();
        Scrape.get(url + "/metrics").samples().forEach(x -> exported.add(x.name()));
        assertThat(exported).containsAll(queried);
    }

    @Test
    void includesJvmAndProcessMeters() throws Exception {
        Scrape s = Scrape.get(url + "/metrics");
        assertThat(s.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty()
                .allSatisfy(x -> assertThat(x.value()).isNotNegative());
        assertThat(s.value("jvm_threads_live_threads")).isGreaterThan(10);
        assertThat(s.value("process_uptime_seconds")).isPositive();
        assertThat(s.value("system_cpu_count")).isPositive();
    }
}
