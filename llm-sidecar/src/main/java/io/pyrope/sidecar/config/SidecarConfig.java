package io.pyrope.sidecar.config;

import java.util.Objects;

/** Root of the sidecar configuration, bound from YAML (defaults → file → environment). */
public record SidecarConfig(ServerConfig server, MetricsConfig metrics, MarkovConfig markov, TtlConfig ttl, LlmConfig llm,
                            EmbeddingConfig embedding) {

    public SidecarConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(markov, "markov");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(embedding, "embedding");
        // Bind-time validation: the settings' constructors check ranges and invariants.
        markov.toSettings();
        ttl.toSettings();
    }
}
