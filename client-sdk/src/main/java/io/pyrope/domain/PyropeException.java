package io.pyrope.domain;

/**
 * An expected failure with a message a user can act on. Thrown by validation, auth and the
 * storage layer; the transports map {@link #code()} onto their status codes.
 */
public class PyropeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public PyropeException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PyropeException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static PyropeException invalid(String message) {
        return new PyropeException(ErrorCode.INVALID_ARGUMENT, message);
    }

    public static PyropeException notFound(String message) {
        return new PyropeException(ErrorCode.NOT_FOUND, message);
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
