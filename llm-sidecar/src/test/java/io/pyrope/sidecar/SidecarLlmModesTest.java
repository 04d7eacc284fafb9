package io.pyrope.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.internal.v1.AdviceSource;
import io.pyrope.internal.v1.AliasSuggestion;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import io.pyrope.sidecar.testing.TestPorts;
import io.pyrope.sidecar.time.Parker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mode over gRPC records the LLM's answers in the replay log (without the API key); replay
 * mode then serves the same answers with no LLM reachable.
 */
class SidecarLlmModesTest {

    private static final String ANSWER = "{\"aliases\":[{\"text\":\"Capital of France?\","
            + "\"canonical\":\"france capital\",\"confidence\":0.9}]}";

    private static AliasSuggestion ask(SidecarServer sidecar) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", sidecar.port()).usePlaintext().build();
        try {
            return SidecarServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .suggestAliases(SuggestAliasesRequest.newBuilder().setTenant("t").setIndex("i")
                            .addTexts("Capital of France?").build())
                    .getSuggestions(0);
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void liveRecordsAndReplayServes(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("replay.jsonl");
        try (FakeOpenAiServer llm = new FakeOpenAiServer().script(Reply.ok(ANSWER, 80, 30))) {
            var live = new ConfigLoader().load(null, Map.of(
                    "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(4)),
                    "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(54)),
                    "PYROPE_SIDECAR_LLM_MODE", "live",
                    "PYROPE_SIDECAR_LLM_ADVICE_WAIT_MILLIS", "3000",
                    "PYROPE_SIDECAR_LLM_PROVIDERS_0_BASE_URL", llm.baseUrl(),
                    "PYROPE_SIDECAR_LLM_REPLAY_LOG", log.toString()));
            try (SidecarServer sidecar = SidecarServer.start(live, Clock.systemUTC(), Parker.real(),
                    Map.of("OPENAI_API_KEY", "sk-test-secret"))) {
                AliasSuggestion s = ask(sidecar);
                assertThat(s.getSource()).isEqualTo(AdviceSource.ADVICE_SOURCE_LLM);
                assertThat(s.getCanonical()).isEqualTo("france capital");
                assertThat(ask(sidecar).getSource()).as("cached").isEqualTo(AdviceSource.ADVICE_SOURCE_LLM);
                assertThat(llm.hits()).isEqualTo(1);
                assertThat(llm.authorizations()).containsExactly("Bearer sk-test-secret");
                assertThat(sidecar.gateway().tracker().stats().promptTokens()).isEqualTo(80);
            }
        }
        assertThat(Files.readString(log)).contains("france capital").doesNotContain("sk-test-secret");

        var replay = new ConfigLoader().load(null, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(5)),
                "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(55)),
                "PYROPE_SIDECAR_LLM_MODE", "replay",
                "PYROPE_SIDECAR_LLM_ADVICE_WAIT_MILLIS", "3000",
                "PYROPE_SIDECAR_LLM_REPLAY_LOG", log.toString()));
        try (SidecarServer sidecar = SidecarServer.start(replay, Clock.systemUTC(), Parker.real(), Map.of())) {
            AliasSuggestion s = ask(sidecar);
            assertThat(s.getSource()).isEqualTo(AdviceSource.ADVICE_SOURCE_LLM);
            assertThat(s.getCanonical()).isEqualTo("france capital");
        }
    }
}
