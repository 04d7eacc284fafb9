package io.pyrope.sidecar.llm;

/**
 * A source of chat completions. Implementations are thread-safe and make exactly one attempt per
 * call: retries, rate limits and failover belong to the dispatcher, not to providers. A call
 * blocks at most for the provider's own request timeout.
 */
public interface LlmProvider extends AutoCloseable {

    /** Short stable name for logs, health and the replay log (never a credential). */
    String name();

    /** The model answering, used for pricing. */
    String model();

    /** One attempt. Throws a classified {@link LlmException} on any failure. */
    LlmResponse complete(LlmRequest request) throws LlmException;

    /** Releases resources (HTTP executors); the default has none. */
    @Override
    default void close() {
    }
}
