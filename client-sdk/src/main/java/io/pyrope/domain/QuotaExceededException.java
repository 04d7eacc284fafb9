package io.pyrope.domain;

/**
 * RESOURCE_EXHAUSTED for a quota or budget: the message names what was exceeded, and
 * {@link #retryAfterMillis()} says when a retry can succeed (0 = not by waiting: the request must
 * change or the quota must be raised). gRPC carries it as the {@code retry-after-ms} trailer.
 */
public class QuotaExceededException extends PyropeException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterMillis;

    public QuotaExceededException(String message, long retryAfterMillis) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message);
        this.retryAfterMillis = Math.max(0, retryAfterMillis);
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
