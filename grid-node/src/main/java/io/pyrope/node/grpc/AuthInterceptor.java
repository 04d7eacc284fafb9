package io.pyrope.node.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.pyrope.node.api.ApiError;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.auth.Caller;

/**
 * Resolves {@code authorization: Bearer <key>} to a {@link Caller} before any Pyrope handler
 * runs, and puts it in the gRPC {@link Context}. Health and reflection are not intercepted.
 */
final class AuthInterceptor implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<Caller> CALLER = Context.key("pyrope-caller");

    private final Authenticator authenticator;

    AuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The authenticated caller of the current call. */
    static Caller caller() {
        Caller c = CALLER.get();
        if (c == null) {
            throw new IllegalStateException("no authenticated caller in this context: the service was registered without AuthInterceptor");
        }
        return c;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Caller caller;
        try {
            caller = authenticator.authenticateHeader(headers.get(AUTHORIZATION));
        } catch (RuntimeException e) {
            ApiError error = ApiError.of(e, call.getMethodDescriptor().getFullMethodName());
            call.close(Status.fromCodeValue(error.code()).withDescription(error.message()), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }
}
