package io.pyrope.sidecar.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves answers recorded by {@link ReplayLog}, by request key (the last first-choice answer per
 * key wins). A request not in the log fails as UNAVAILABLE, so the chain answers it offline.
 */
public final class ReplayProvider implements LlmProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LlmResponse> answers;

    public ReplayProvider(Path file) {
        Map<String, LlmResponse> loaded = new HashMap<>();
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                JsonNode res = node.path("response");
                if (!res.path("fallbackReason").asText("").isEmpty()) {
                    continue;
                }
                Usage usage = new Usage(res.path("promptTokens").asInt(), res.path("completionTokens").asInt(),
                        res.path("estimated").asBoolean());
                loaded.put(node.path("key").asText(), LlmResponse.of(res.path("text").asText(), usage,
                        "replay:" + res.path("provider").asText(), res.path("model").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay log " + file, e);
        }
        this.answers = Map.copyOf(loaded);
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String model() {
        return "replay";
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws LlmException {
        LlmResponse answer = answers.get(request.key());
        if (answer == null) {
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "not in replay log: " + request.key());
        }
        return answer;
    }

    public int size() {
        return answers.size();
    }
}
