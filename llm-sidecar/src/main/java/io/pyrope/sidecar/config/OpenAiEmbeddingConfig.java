package io.pyrope.sidecar.config;

/**
 * An OpenAI-compatible embeddings endpoint (hosted, or a local llama.cpp / Ollama / vLLM server).
 *
 * @param baseUrl          e.g. {@code https://api.openai.com/v1}; {@code /embeddings} is appended
 * @param model            sent as {@code model} and reported as the model id
 * @param dimension        the model's dimension; every answer is checked against it
 * @param apiKeyEnv        the environment variable holding the API key (never the key itself)
 * @param requestTimeoutMillis per HTTP call
 */
public record OpenAiEmbeddingConfig(String baseUrl, String model, int dimension, String apiKeyEnv,
                                    long requestTimeoutMillis) {

    public OpenAiEmbeddingConfig {
        if (baseUrl == null || baseUrl.isBlank() || model == null || model.isBlank()) {
            throw new IllegalArgumentException("embedding.openai.baseUrl and model are required");
        }
        if (dimension < 1 || requestTimeoutMillis < 1) {
            throw new IllegalArgumentException("embedding.openai.dimension and requestTimeoutMillis must be >= 1");
        }
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
    }
}
