package io.pyrope.sidecar.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback speaking the OpenAI chat-completions wire format, answering
 * from a script of replies (the last one repeats). Records each request body and its
 * Authorization header.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** One scripted reply: status, body, optional Retry-After, and a delay before answering. */
    public record Reply(int status, String body, String retryAfter, long delayMillis) {

        public static Reply ok(String content, int promptTokens, int completionTokens) {
            String escaped = content.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
            return new Reply(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"test-model-2026\","
                    + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + escaped
                    + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + promptTokens
                    + ",\"completion_tokens\":" + completionTokens + ",\"total_tokens\":"
                    + (promptTokens + completionTokens) + "}}", null, 0);
        }

        public static Reply okWithoutUsage(String content) {
            return new Reply(200, "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                    + content + "\"}}]}", null, 0);
        }

        public static Reply status(int status) {
            return new Reply(status, "{\"error\":{\"message\":\"scripted " + status + "\"}}", null, 0);
        }

        public static Reply throttled(String retryAfter) {
            return new Reply(429, "{\"error\":{\"message\":\"rate limited\"}}", retryAfter, 0);
        }

        public static Reply slow(long delayMillis) {
            Reply ok = ok("{}", 1, 1);
            return new Reply(200, ok.body(), null, delayMillis);
        }

        public static Reply raw(String body) {
            return new Reply(200, body, null, 0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile Reply last = Reply.ok("{}", 1, 1);

    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/chat/completions", this::handle);
        server.createContext("/v1/embeddings", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public FakeOpenAiServer script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int hits() {
        return bodies.size();
    }

    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        Reply reply = script.pollFirst();
        if (reply == null) {
            reply = last;
        } else {
            last = reply;
        }
        try {
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", reply.retryAfter());
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
