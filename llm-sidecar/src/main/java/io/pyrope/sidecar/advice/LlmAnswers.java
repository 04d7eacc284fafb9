package io.pyrope.sidecar.advice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.LlmRequest;
import io.pyrope.sidecar.llm.LlmResponse;
import io.pyrope.sidecar.llm.Priority;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the gateway with a bounded wait and extracts the JSON object from the answer. Empty means
 * "use the rules": no first-choice answer in time, an offline fallback, or malformed JSON. A late
 * answer is not lost: it lands in the response cache and serves the next identical request.
 */
final class LlmAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LlmGateway gateway;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong late = new AtomicLong();

    LlmAnswers(LlmGateway gateway) {
        this.gateway = gateway;
    }

    Optional<JsonNode> ask(LlmRequest request, Priority priority, Duration wait) {
        LlmResponse response;
        try {
            response = gateway.submit(request, priority).get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            late.incrementAndGet();
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
        if (response.isFallback()) {
            return Optional.empty();
        }
        Optional<JsonNode> parsed = parseObject(response.text());
        if (parsed.isEmpty()) {
            malformed.incrementAndGet();
        }
        return parsed;
    }

    /** The first {...} object in the text; models like to wrap JSON in prose or code fences. */
    static Optional<JsonNode> parseObject(String text) {
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        if (start < 0 || end <= start) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(text.substring(start, end + 1));
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    long malformed() {
        return malformed.get();
    }

    long late() {
        return late.get();
    }
}
