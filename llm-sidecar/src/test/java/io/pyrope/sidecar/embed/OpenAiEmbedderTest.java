package io.pyrope.sidecar.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pyrope.sidecar.config.OpenAiEmbeddingConfig;
import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI-compatible embeddings provider against a local HTTP endpoint. */
class OpenAiEmbedderTest {

    private static OpenAiEmbedder embedder(FakeOpenAiServer server, String key) {
        return new OpenAiEmbedder(new OpenAiEmbeddingConfig(server.baseUrl(), "emb-3", 2, "X", 5_000), key);
    }

    @Test
    void sendsModelAndInputsWithTheKeyAndOrdersAnswersByIndex() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer().script(Reply.raw("{\"data\":["
                + "{\"index\":1,\"embedding\":[0.5,0.25]},{\"index\":0,\"embedding\":[1,0]}]}"));
             OpenAiEmbedder e = embedder(server, "sk-test")) {
            List<float[]> out = e.embed(List.of("first", "second"));
            assertThat(out.get(0)).containsExactly(1f, 0f);
            assertThat(out.get(1)).containsExactly(0.5f, 0.25f);
            assertThat(server.authorizations()).containsExactly("Bearer sk-test");
            assertThat(server.bodies().get(0)).contains("\"model\":\"emb-3\"").contains("\"input\":[\"first\",\"second\"]");
            assertThat(e.modelId()).isEqualTo("emb-3");
            assertThat(e.toString()).doesNotContain("sk-test");
        }
    }

    @Test
    void serverErrorsAreRetryableAndMalformedAnswersAreNot() throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer().script(Reply.status(503),
                Reply.raw("{\"data\":[{\"index\":0,\"embedding\":[1,2,3]}]}"), Reply.status(401));
             OpenAiEmbedder e = embedder(server, "")) {
            assertThatThrownBy(() -> e.embed(List.of("a"))).isInstanceOfSatisfying(EmbeddingException.class,
                    x -> assertThat(x.retryable()).isTrue());
            assertThatThrownBy(() -> e.embed(List.of("a"))).isInstanceOfSatisfying(EmbeddingException.class, x -> {
                assertThat(x.retryable()).isFalse();
                assertThat(x.getMessage()).contains("expected dimension 2");
            });
            assertThatThrownBy(() -> e.embed(List.of("a"))).isInstanceOfSatisfying(EmbeddingException.class, x -> {
                assertThat(x.retryable()).isFalse();
                assertThat(x.getMessage()).contains("HTTP 401");
            });
            assertThat(server.authorizations()).as("no key configured: no header").containsOnly("null");
        }
    }
}
