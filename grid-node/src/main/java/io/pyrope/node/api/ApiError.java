package io.pyrope.node.api;

import io.pyrope.domain.PyropeException;
import io.pyrope.domain.QuotaExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A failed call as both transports report it: a gRPC status code number and a message. Expected
 * failures ({@link PyropeException} anywhere in the cause chain) keep their code and message and
 * are not logged; anything else becomes INTERNAL with a generic message and a reference that
 * matches one WARN line in the node's log.
 */
public record ApiError(int code, String message, long retryAfterMillis) {
    public static final int INTERNAL = 13;
    public static final int UNIMPLEMENTED = 12;
    static final int MAX_MESSAGE_CHARS = 512;

    private static final Logger LOG = LoggerFactory.getLogger(ApiError.class);

    public static ApiError of(Throwable t, String method) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PyropeException p) {
                long retry = p instanceof QuotaExceededException q ? q.retryAfterMillis() : 0;
                return new ApiError(p.code().grpcCode(), capped(p.getMessage()), retry);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        String ref = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        LOG.warn("{} failed unexpectedly (ref {}): {}", method, ref, t.toString());
        LOG.debug("{} failure ref {}", method, ref, t);
        return new ApiError(INTERNAL, "internal error in " + method + " (ref " + ref + "; details in the node log)", 0);
    }

    /**
     * Messages quote the caller's input (ids, index names); a huge one made the gRPC trailer exceed
     * the client's header limit and the call ended INTERNAL "http2 exception" (HostileInputFuzzTest).
     */
    static String capped(String message) {
        return message == null || message.length() <= MAX_MESSAGE_CHARS ? message
                : message.substring(0, MAX_MESSAGE_CHARS) + "… (" + message.length() + " chars, cut)";
    }
}
