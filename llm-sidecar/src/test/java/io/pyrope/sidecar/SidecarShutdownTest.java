package io.pyrope.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.internal.v1.AdviceSource;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import io.pyrope.internal.v1.SuggestAliasesResponse;
import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import io.pyrope.sidecar.testing.TestPorts;
import io.pyrope.sidecar.time.Parker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clean shutdown: in-JVM with a call blocked on a hanging LLM, and as a real process on SIGTERM. */
class SidecarShutdownTest {

    @Test
    void closeWhileAnAdviceCallWaitsOnAHangingLlmAnswersItAndStopsAllThreads() throws Exception {
        try (FakeOpenAiServer llm = new FakeOpenAiServer().script(Reply.slow(20_000))) {
            var config = new ConfigLoader().load(null, Map.of(
                    "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(2)),
                    "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(52)),
                    "PYROPE_SIDECAR_LLM_MODE", "live",
                    "PYROPE_SIDECAR_LLM_ADVICE_WAIT_MILLIS", "15000",
                    "PYROPE_SIDECAR_LLM_PROVIDERS_0_BASE_URL", llm.baseUrl(),
                    "PYROPE_SIDECAR_LLM_PROVIDERS_0_REQUEST_TIMEOUT_MILLIS", "30000"));
            SidecarServer sidecar = SidecarServer.start(config, Clock.systemUTC(), Parker.real(), Map.of());
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", sidecar.port()).usePlaintext().build();
            try {
                var stub = SidecarServiceGrpc.newBlockingStub(channel);
                CompletableFuture<SuggestAliasesResponse> call = CompletableFuture.supplyAsync(() ->
                        stub.withDeadlineAfter(20, TimeUnit.SECONDS).suggestAliases(SuggestAliasesRequest.newBuilder()
                                .setTenant("t").setIndex("i").addTexts("The Question").build()));
                long waitStart = System.nanoTime();
                while (llm.hits() == 0 && System.nanoTime() - waitStart < TimeUnit.SECONDS.toNanos(10)) {
                    Thread.sleep(10); // polling for a precondition, not ordering by sleep
                }
                assertThat(llm.hits()).as("the LLM call is in flight").isEqualTo(1);

                long start = System.nanoTime();
                sidecar.close();
                long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(closeMs).isLessThan(5_000);
                SuggestAliasesResponse answered = call.get(5, TimeUnit.SECONDS);
                assertThat(answered.getSuggestions(0).getSource()).as("answered from rules")
                        .isEqualTo(AdviceSource.ADVICE_SOURCE_RULES);
                assertThat(answered.getSuggestions(0).getCanonical()).isEqualTo("question");
                // Threads may take a moment to leave run() after their pools terminated.
                Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                                .noneMatch(n -> n.startsWith("llm-dispatcher") || n.startsWith("llm-http-")
                                        || n.startsWith("sidecar-grpc-" + TestPorts.port(2) + "-")
                                        || n.startsWith("sidecar-metrics-" + TestPorts.port(52))));
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
                sidecar.close();
            }
        }
    }

    @Test
    void processExitsWithinFiveSecondsOfSigterm(@TempDir Path dir) throws Exception {
        int port = TestPorts.port(3);
        Path output = dir.resolve("sidecar.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "io.pyrope.sidecar.SidecarMain").redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("PYROPE_SIDECAR_SERVER_PORT", Integer.toString(port));
        pb.environment().put("PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(53)));
        Process process = pb.start();
        try {
            long waitStart = System.nanoTime();
            while (!read(output).contains("listening") && process.isAlive()
                    && System.nanoTime() - waitStart < TimeUnit.SECONDS.toNanos(30)) {
                Thread.sleep(50); // polling for start-up, not ordering by sleep
            }
            assertThat(read(output)).contains("listening on 127.0.0.1:" + port);

            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                assertThat(HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus())
                        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            }

            long start = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
            assertThat(read(output)).as("exit code %d", process.exitValue()).contains("pyrope-sidecar stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
