package io.pyrope.sidecar.embed;

/** An embedding provider failed; {@code retryable} when a later call may succeed (timeouts, 5xx, 429). */
public final class EmbeddingException extends Exception {
    private final boolean retryable;

    public EmbeddingException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
