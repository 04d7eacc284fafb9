package io.pyrope.sidecar.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OpenAI-compatible {@code POST /chat/completions} over {@code java.net.http}: hosted APIs and
 * local llama.cpp / Ollama / vLLM servers alike. The API key is passed in by the caller (read from
 * the environment) and only ever placed in the Authorization header; it is not part of
 * {@link #toString()}, logs or the replay log.
 */
public final class OpenAiCompatibleProvider implements LlmProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration requestTimeout;
    private final ExecutorService httpExecutor;
    private final HttpClient http;

    /**
     * @param baseUrl e.g. {@code https://api.openai.com/v1} or {@code http://127.0.0.1:8080/v1}
     * @param apiKey  may be empty for local servers
     */
    public OpenAiCompatibleProvider(String name, String baseUrl, String model, String apiKey,
                                    Duration connectTimeout, Duration requestTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.endpoint = URI.create(base + "/chat/completions");
        this.model = Objects.requireNonNull(model, "model");
        this.apiKey = apiKey == null ? "" : apiKey;
        this.requestTimeout = requestTimeout;
        // Our own executor so that close() leaves no HTTP worker threads behind.
        this.httpExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "llm-http-" + name);
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .executor(httpExecutor)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws LlmException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(request), StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new LlmException(LlmException.Kind.TIMEOUT, name + ": timed out after " + requestTimeout, null, e);
        } catch (IOException e) {
            throw new LlmException(LlmException.Kind.NETWORK, name + ": " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.UNAVAILABLE, name + ": interrupted", null, e);
        }
        return parse(request, response);
    }

    private String body(LlmRequest request) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", request.system());
        messages.addObject().put("role", "user").put("content", request.prompt());
        root.put("max_tokens", request.maxTokens());
        root.put("temperature", request.temperature());
        return root.toString();
    }

    private LlmResponse parse(LlmRequest request, HttpResponse<String> response) throws LlmException {
        int status = response.statusCode();
        if (status == 429) {
            throw new LlmException(LlmException.Kind.RATE_LIMITED, name + ": HTTP 429",
                    retryAfter(response).orElse(null), null);
        }
        if (status == 408 || status >= 500) {
            throw new LlmException(LlmException.Kind.SERVER_ERROR, name + ": HTTP " + status,
                    retryAfter(response).orElse(null), null);
        }
        if (status < 200 || status >= 300) {
            throw new LlmException(LlmException.Kind.CLIENT_ERROR, name + ": HTTP " + status);
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            JsonNode content = root.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new LlmException(LlmException.Kind.MALFORMED, name + ": no choices[0].message.content");
            }
            JsonNode usage = root.path("usage");
            Usage used = usage.has("prompt_tokens")
                    ? new Usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(), false)
                    : new Usage(TokenEstimator.promptTokens(request), TokenEstimator.estimate(content.asText()), true);
            // Priced by the configured model: hosted APIs answer with dated variants of the name.
            return LlmResponse.of(content.asText(), used, name, model);
        } catch (IOException e) {
            throw new LlmException(LlmException.Kind.MALFORMED, name + ": response is not JSON", null, e);
        }
    }

    /** Retry-After in delta-seconds (dates are rare from LLM APIs and treated as absent). */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                double seconds = Double.parseDouble(v.trim());
                return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public void close() {
        httpExecutor.shutdownNow();
        try {
            httpExecutor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleProvider[" + name + ", " + endpoint + ", " + model + "]";
    }
}
