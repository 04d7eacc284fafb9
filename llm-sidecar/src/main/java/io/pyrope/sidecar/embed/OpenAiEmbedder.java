package io.pyrope.sidecar.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pyrope.sidecar.config.OpenAiEmbeddingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OpenAI-compatible {@code POST <baseUrl>/embeddings} over {@code java.net.http}. The API key
 * comes from the environment variable the config names and only goes into the Authorization
 * header. Vectors are returned as the endpoint gives them, ordered by their {@code index} and
 * checked against the configured dimension.
 */
public final class OpenAiEmbedder implements Embedder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String model;
    private final int dimension;
    private final String apiKey;
    private final Duration timeout;
    private final ExecutorService httpThreads;
    private final HttpClient http;

    /** @param apiKey may be empty (local servers) */
    public OpenAiEmbedder(OpenAiEmbeddingConfig config, String apiKey) {
        String base = config.baseUrl().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/embeddings");
        this.model = config.model();
        this.dimension = config.dimension();
        this.apiKey = apiKey == null ? "" : apiKey;
        this.timeout = Duration.ofMillis(config.requestTimeoutMillis());
        // Owned so that close() leaves no HTTP threads behind.
        this.httpThreads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "embed-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(httpThreads)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String modelId() {
        return model;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Unknown for a remote model: the node's index metric decides what the scores mean. */
    @Override
    public boolean normalized() {
        return false;
    }

    @Override
    public List<float[]> embed(List<String> texts) throws EmbeddingException {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EmbeddingException(endpoint + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddingException(endpoint + ": interrupted", true, e);
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new EmbeddingException(endpoint + ": HTTP " + status, status == 429 || status >= 500, null);
        }
        return parse(response.body(), texts.size());
    }

    private List<float[]> parse(String body, int expected) throws EmbeddingException {
        JsonNode data;
        try {
            data = JSON.readTree(body).path("data");
        } catch (IOException e) {
            throw new EmbeddingException(endpoint + ": response is not JSON", false, e);
        }
        if (!data.isArray() || data.size() != expected) {
            throw new EmbeddingException(endpoint + ": expected " + expected + " embeddings in data[]", false, null);
        }
        List<float[]> out = new ArrayList<>(java.util.Collections.nCopies(expected, (float[]) null));
        for (JsonNode item : data) {
            int i = item.path("index").asInt(-1);
            JsonNode values = item.path("embedding");
            if (i < 0 || i >= expected || out.get(i) != null || values.size() != dimension) {
                throw new EmbeddingException(endpoint + ": embedding index " + i + " with " + values.size()
                        + " values (expected dimension " + dimension + ")", false, null);
            }
            float[] v = new float[dimension];
            for (int d = 0; d < dimension; d++) {
                v[d] = (float) values.get(d).asDouble();
            }
            out.set(i, v);
        }
        return out;
    }

    @Override
    public void close() {
        httpThreads.shutdownNow();
        try {
            httpThreads.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "OpenAiEmbedder[" + endpoint + ", " + model + "]";
    }
}
