package io.pyrope.sidecar.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Appends one JSON line per completed request: the request (never credentials) and the response
 * with its provider, model and usage. {@link ReplayProvider} serves answers back from it.
 */
public final class ReplayLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private final Clock clock;

    public ReplayLog(Path file, Clock clock) {
        this.clock = clock;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open replay log " + file, e);
        }
    }

    public synchronized void append(LlmRequest request, LlmResponse response) {
        ObjectNode line = JSON.createObjectNode();
        line.put("ts", clock.millis());
        line.put("key", request.key());
        ObjectNode req = line.putObject("request");
        req.put("purpose", request.purpose());
        req.put("system", request.system());
        req.put("prompt", request.prompt());
        req.put("input", request.input());
        req.put("maxTokens", request.maxTokens());
        req.put("temperature", request.temperature());
        ObjectNode res = line.putObject("response");
        res.put("text", response.text());
        res.put("provider", response.provider());
        res.put("model", response.model());
        res.put("promptTokens", response.usage().promptTokens());
        res.put("completionTokens", response.usage().completionTokens());
        res.put("estimated", response.usage().estimated());
        res.put("fallbackReason", response.fallbackReason());
        try {
            out.write(line.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
