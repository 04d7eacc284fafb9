package io.pyrope.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.internal.v1.AdviceSource;
import io.pyrope.internal.v1.ClusterAccess;
import io.pyrope.internal.v1.ReportAccessesRequest;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import io.pyrope.metrics.Scrape;
import io.pyrope.sidecar.testing.TestPorts;
import io.pyrope.sidecar.time.Parker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's {@code /metrics} over real HTTP: gRPC calls by method and status, and the LLM
 * layer's calls, tokens, cache hits and queue against a real HTTP LLM server on loopback.
 */
class SidecarMetricsTest {

    private static final String DURATION = "grpc_server_processing_duration_seconds_count";
    private static final String SERVICE = "pyrope.internal.v1.SidecarService";
    private static final String ANSWER = "{\"aliases\":[{\"text\":\"Capital of France?\","
            + "\"canonical\":\"france capital\",\"confidence\":0.9}]}";

    @Test
    void liveModeCountsCallsTokensAndCacheHits() throws Exception {
        int metricsPort = TestPorts.port(56);
        try (FakeOpenAiServer llm = new FakeOpenAiServer().script(Reply.ok(ANSWER, 80, 30))) {
            var config = new ConfigLoader().load(null, Map.of(
                    "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(6)),
                    "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(metricsPort),
                    "PYROPE_SIDECAR_SERVER_MAX_ACCESSES_PER_CALL", "5",
                    "PYROPE_SIDECAR_LLM_MODE", "live",
                    "PYROPE_SIDECAR_LLM_ADVICE_WAIT_MILLIS", "3000",
                    "PYROPE_SIDECAR_LLM_PROVIDERS_0_BASE_URL", llm.baseUrl()));
            SidecarServer sidecar = SidecarServer.start(config, Clock.systemUTC(), Parker.real(),
                    Map.of("OPENAI_API_KEY", "sk-test"));
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", sidecar.port()).usePlaintext().build();
            try {
                var stub = SidecarServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
                for (int i = 0; i < 2; i++) {
                    var s = stub.suggestAliases(SuggestAliasesRequest.newBuilder().setTenant("t").setIndex("i")
                            .addTexts("Capital of France?").build()).getSuggestions(0);
                    assertThat(s.getSource()).isEqualTo(AdviceSource.ADVICE_SOURCE_LLM);
                }
                ReportAccessesRequest.Builder accesses = ReportAccessesRequest.newBuilder();
                for (int i = 0; i < 3; i++) {
                    accesses.addAccesses(ClusterAccess.newBuilder().setTenant("t").setIndex("i").setSessionId("s1")
                            .setClusterId(i).setTimestampMs(System.currentTimeMillis()).build());
                }
                stub.reportAccesses(accesses.build());
                for (int i = 0; i < 3; i++) {
                    accesses.addAccesses(accesses.getAccesses(i));
                }
                assertThatThrownBy(() -> stub.reportAccesses(accesses.build()))
                        .isInstanceOfSatisfying(StatusRuntimeException.class,
                                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

                Scrape s = Scrape.get("http://127.0.0.1:" + metricsPort + "/metrics");
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.value(DURATION, "service", SERVICE, "method", "SuggestAliases", "statusCode", "OK")).isEqualTo(2);
                assertThat(s.value(DURATION, "service", SERVICE, "method", "ReportAccesses", "statusCode", "OK")).isEqualTo(1);
                assertThat(s.value(DURATION, "service", SERVICE, "method", "ReportAccesses",
                        "statusCode", "INVALID_ARGUMENT")).isEqualTo(1);
                assertThat(s.value(DURATION, "service", SERVICE, "method", "GetTtlAdvice", "statusCode", "OK")).isZero();
                assertThat(s.find("grpc_server_processing_duration_seconds_bucket", "method", "SuggestAliases",
                        "statusCode", "OK")).hasSizeGreaterThan(10);

                // One LLM call (the second answer came from the response cache), with its tokens.
                assertThat(llm.hits()).isEqualTo(1);
                assertThat(s.value("pyrope_llm_requests_total", "outcome", "remote_success")).isEqualTo(1);
                assertThat(s.value("pyrope_llm_requests_total", "outcome", "offline_fallback")).isZero();
                assertThat(s.value("pyrope_llm_provider_calls_total", "provider", "primary", "result", "success")).isEqualTo(1);
                assertThat(s.value("pyrope_llm_provider_calls_total", "provider", "primary", "result", "failure")).isZero();
                assertThat(s.value("pyrope_llm_provider_circuit_open", "provider", "primary")).isZero();
                assertThat(s.value("pyrope_llm_tokens_total", "type", "prompt")).isEqualTo(80);
                assertThat(s.value("pyrope_llm_tokens_total", "type", "completion")).isEqualTo(30);
                assertThat(s.value("pyrope_llm_cache_requests_total", "result", "hit")).isEqualTo(1);
                assertThat(s.value("pyrope_llm_cache_requests_total", "result", "miss")).isEqualTo(1);
                assertThat(s.value("pyrope_llm_queue_depth")).isZero();
                assertThat(s.value("pyrope_llm_budget_spent", "period", "day")).isPositive();
                assertThat(s.value("pyrope_llm_budget_limit", "period", "month")).isEqualTo(20.0);
                assertThat(s.value("pyrope_sidecar_markov_sessions")).isEqualTo(1);
                assertThat(s.value("jvm_threads_live_threads")).isPositive();
                assertThatDashboardSeriesExist(s);
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
                sidecar.close();
            }
            assertThatThrownBy(() -> Scrape.get("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .as("endpoint stopped with the sidecar").isInstanceOf(IOException.class);
        }
    }

    /** Every sidecar series the Grafana dashboard queries exists in this live sidecar's scrape. */
    private static void assertThatDashboardSeriesExist(Scrape s) throws IOException {
        Path dashboard = Path.of(System.getProperty("user.dir")).getParent()
                .resolve("docker/grafana/dashboards/pyrope-overview.json");
        Matcher m = Pattern.compile("\\bpyrope_(llm|sidecar)_[a-z_]+\\b").matcher(Files.readString(dashboard));
        Set<String> queried = new TreeSet<>();
        while (m.find()) {
            queried.add(m.group());
        }
        assertThat(queried).hasSizeGreaterThan(5);
        Set<String> exported = new TreeSet<>();
        s.samples().forEach(x -> exported.add(x.name()));
        assertThat(exported).containsAll(queried);
    }

    @Test
    void offlineModeHasNoLlmSeriesAndPortZeroServesNothing() throws Exception {
        var config = new ConfigLoader().load(null, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(7)),
                "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(57))));
        try (SidecarServer sidecar = SidecarServer.start(config, Clock.systemUTC(), Parker.real(), Map.of())) {
            Scrape s = Scrape.get("http://127.0.0.1:" + TestPorts.port(57) + "/metrics");
            assertThat(s.find(DURATION, "method", "SuggestAliases")).isNotEmpty();
            assertThat(s.samples()).noneMatch(x -> x.name().startsWith("pyrope_llm_"));
            assertThat(s.value("pyrope_sidecar_advice_malformed_total", "advice", "ttl")).isZero();
        }
        var off = new ConfigLoader().load(null, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(8)),
                "PYROPE_SIDECAR_METRICS_PORT", "0"));
        try (SidecarServer sidecar = SidecarServer.start(off, Clock.systemUTC(), Parker.real(), Map.of())) {
            assertThat(sidecar.metrics().port()).isEmpty();
        }
    }
}
