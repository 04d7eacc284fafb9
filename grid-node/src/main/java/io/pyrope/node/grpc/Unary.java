package io.pyrope.node.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import io.pyrope.node.api.ApiError;
import io.pyrope.node.auth.Caller;

import java.util.function.BiFunction;

/** Runs one unary call against the API layer and maps its failure onto a gRPC status. */
final class Unary {
    /** Trailer of RESOURCE_EXHAUSTED replies that waiting can fix: milliseconds until a retry can succeed. */
    static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private Unary() {
    }

    static <Q, R> void call(String method, Q request, StreamObserver<R> out, BiFunction<Caller, Q, R> api) {
        R response;
        try {
            response = api.apply(AuthInterceptor.caller(), request);
        } catch (RuntimeException e) {
            out.onError(toStatus(e, method));
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }

    static StatusException toStatus(Throwable t, String method) {
        ApiError error = ApiError.of(t, method);
        Metadata trailers = new Metadata();
        if (error.retryAfterMillis() > 0) {
            trailers.put(RETRY_AFTER_MS, Long.toString(error.retryAfterMillis()));
        }
        return Status.fromCodeValue(error.code()).withDescription(error.message()).asException(trailers);
    }
}
