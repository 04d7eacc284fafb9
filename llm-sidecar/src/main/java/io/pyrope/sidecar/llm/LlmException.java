package io.pyrope.sidecar.llm;

import java.time.Duration;
import java.util.Optional;

/** A failed provider call, classified so the dispatcher knows whether a retry can help. */
public final class LlmException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), NETWORK(true),
        MALFORMED(false), CLIENT_ERROR(false), UNAVAILABLE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }
    }

    private final Kind kind;
    private final transient Duration retryAfter;

    public LlmException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public LlmException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
