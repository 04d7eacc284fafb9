package io.pyrope.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void defaultsAreComplete() {
        SidecarConfig c = loader.load(null, Map.of());
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(50151);
        assertThat(c.llm().mode()).isEqualTo("offline");
        assertThat(c.llm().providers()).hasSize(1);
        assertThat(c.llm().prices()).containsKey("gpt-4o-mini");
        assertThat(c.markov().toSettings().halfLife()).hasHours(1);
        assertThat(c.ttl().toSettings().max()).hasHours(6);
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sidecar.yaml");
        Files.writeString(file, """
                server:
                  port: 50200
                markov:
                  minProbability: 0.3
                llm:
                  mode: live
                  providers:
                    - name: local
                      baseUrl: http://127.0.0.1:8080/v1
                      model: llama
                      apiKeyEnv: ""
                      connectTimeoutMillis: 500
                      requestTimeoutMillis: 5000
                """);
        SidecarConfig c = loader.load(file, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", "50300",
                "PYROPE_SIDECAR_LLM_RATE_LIMIT_REQUESTS_PER_MINUTE", "7",
                "PYROPE_SIDECAR_LLM_PROVIDERS_0_MODEL", "qwen",
                "PYROPE_SIDECAR_LLM_PRICES_GPT_4O_MINI_INPUT_PER_MILLION", "0.2",
                "PYROPE_SIDECAR_LLM_BUDGET_ALERT_FRACTIONS_1", "0.9"));
        assertThat(c.server().port()).isEqualTo(50300);
        assertThat(c.server().handlerThreads()).as("untouched default").isEqualTo(4);
        assertThat(c.markov().minProbability()).isEqualTo(0.3);
        assertThat(c.llm().mode()).isEqualTo("live");
        assertThat(c.llm().providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("local");
            assertThat(p.model()).isEqualTo("qwen");
        });
        assertThat(c.llm().rateLimit().requestsPerMinute()).isEqualTo(7);
        assertThat(c.llm().prices().get("gpt-4o-mini").inputPerMillion()).isEqualTo(0.2);
        assertThat(c.llm().budget().alertFractions()).containsExactly(0.5, 0.9, 1.0);
    }

    @Test
    void invalidValuesAndUnknownKeysAreRejected(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> loader.load(null, Map.of("PYROPE_SIDECAR_SERVER_PORT", "70000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> loader.load(null, Map.of("PYROPE_SIDECAR_LLM_MODE", "chatty")))
                .hasMessageContaining("llm.mode");
        assertThatThrownBy(() -> loader.load(null, Map.of("PYROPE_SIDECAR_METRICS_PORT", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.port out of range: -1");
        assertThatThrownBy(() -> loader.load(null, Map.of("PYROPE_SIDECAR_METRICS_HOST", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.host");
        assertThatThrownBy(() -> loader.load(null, Map.of("PYROPE_SIDECAR_MARKOV_MIN_PROBABILITY", "1.5")))
                .isInstanceOf(IllegalArgumentException.class);
        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, "server:\n  prot: 1\n");
        assertThatThrownBy(() -> loader.load(typo, Map.of())).hasMessageContaining("prot");
    }

    @Test
    void apiKeysAreNamedNotStored() {
        SidecarConfig c = loader.load(null, Map.of("OPENAI_API_KEY", "sk-secret"));
        assertThat(c.toString()).doesNotContain("sk-secret").contains("OPENAI_API_KEY");
    }

    @Test
    void shippedConfigFileEqualsTheDefaults() {
        Path shipped = Path.of("..", "config", "pyrope-sidecar.yaml");
        assertThat(shipped).exists();
        assertThat(loader.load(shipped, Map.of())).isEqualTo(loader.load(null, Map.of()));
    }

    @Test
    void snakeCaseOfPaths() {
        assertThat(ConfigLoader.snake("maxAccessesPerCall")).isEqualTo("MAX_ACCESSES_PER_CALL");
        assertThat(ConfigLoader.snake("gpt-4o-mini")).isEqualTo("GPT_4O_MINI");
        assertThat(ConfigLoader.snake("halfLifeSeconds")).isEqualTo("HALF_LIFE_SECONDS");
    }
}
