package io.pyrope.domain;

/** Failure classes of the Pyrope API; each maps one-to-one onto a gRPC status code. */
public enum ErrorCode {
    INVALID_ARGUMENT(3),
    NOT_FOUND(5),
    ALREADY_EXISTS(6),
    PERMISSION_DENIED(7),
    RESOURCE_EXHAUSTED(8),
    FAILED_PRECONDITION(9),
    ABORTED(10),
    INTERNAL(13),
    UNAVAILABLE(14),
    UNAUTHENTICATED(16);

    private final int grpcCode;

    ErrorCode(int grpcCode) {
        this.grpcCode = grpcCode;
    }

    /** The numeric gRPC status code. */
    public int grpcCode() {
        return grpcCode;
    }

    /** The code for a gRPC status number; {@link #INTERNAL} for anything unknown. */
    public static ErrorCode fromGrpcCode(int code) {
        for (ErrorCode c : values()) {
            if (c.grpcCode == code) {
                return c;
            }
        }
        return INTERNAL;
    }
}
