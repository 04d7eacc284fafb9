package io.pyrope.node.grpc;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.SecurityLevel;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a request that does not parse (truncated bytes, invalid UTF-8 in a string field, another
 * message's bytes with clashing wire types) fail with INVALID_ARGUMENT and a message saying so.
 * gRPC itself answers UNKNOWN "Application error processing RPC" — an exception thrown while
 * parsing cannot choose the status — which reads like a server bug and tells the client nothing.
 * So each method receives raw bytes and parses them here, where the call can be closed properly.
 * Found by HostileInputFuzzTest.
 */
final class StrictRequestParsing {
    private StrictRequestParsing() {
    }

    /** The same service, each method taking bytes and parsing them itself; handlers and schema descriptors are kept. */
    static ServerServiceDefinition wrap(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> strict = strict(m);
            descriptor.addMethod(strict.getMethodDescriptor());
            methods.add(strict);
        }
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(b::addMethod);
        return b.build();
    }

    private static <Q, R> ServerMethodDefinition<byte[], R> strict(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> typed = m.getMethodDescriptor();
        MethodDescriptor<byte[], R> raw = typed.toBuilder(RawBytesMarshaller.INSTANCE, typed.getResponseMarshaller()).build();
        ServerCallHandler<byte[], R> handler = (call, headers) -> {
            TypedCall<Q, R> typedCall = new TypedCall<>(call, typed);
            return new ParsingListener<>(typedCall, m.getServerCallHandler().startCall(typedCall, headers));
        };
        return ServerMethodDefinition.create(raw, handler);
    }

    /** Parses each message; the first that does not parse closes the call with INVALID_ARGUMENT and ends delivery. */
    private static final class ParsingListener<Q, R> extends ServerCall.Listener<byte[]> {
        private final TypedCall<Q, R> call;
        private final ServerCall.Listener<Q> next;
        private boolean failed;

        ParsingListener(TypedCall<Q, R> call, ServerCall.Listener<Q> next) {
            this.call = call;
            this.next = next;
        }

        @Override
        public void onMessage(byte[] message) {
            if (failed) {
                return;
            }
            Q request;
            try {
                request = call.getMethodDescriptor().parseRequest(new ByteArrayInputStream(message));
            } catch (RuntimeException e) {
                failed = true;
                Throwable cause = e.getCause() == null ? e : e.getCause();
                call.closeOnce(Status.INVALID_ARGUMENT.withDescription("the request is not a valid "
                        + call.getMethodDescriptor().getFullMethodName() + " message: " + cause.getMessage()));
                return;
            }
            next.onMessage(request);
        }

        @Override
        public void onHalfClose() {
            if (!failed) {
                next.onHalfClose();
            }
        }

        @Override
        public void onCancel() {
            next.onCancel();
        }

        @Override
        public void onComplete() {
            next.onComplete();
        }

        @Override
        public void onReady() {
            next.onReady();
        }
    }

    /** The byte-level call seen by the typed handler: same call, typed method descriptor, closed at most once. */
    private static final class TypedCall<Q, R> extends ServerCall<Q, R> {
        private final ServerCall<byte[], R> raw;
        private final MethodDescriptor<Q, R> method;
        private volatile boolean closed;

        TypedCall(ServerCall<byte[], R> raw, MethodDescriptor<Q, R> method) {
            this.raw = raw;
            this.method = method;
        }

        synchronized void closeOnce(Status status) {
            if (!closed) {
                closed = true;
                raw.close(status, new Metadata());
            }
        }

        @Override
        public synchronized void close(Status status, Metadata trailers) {
            if (!closed) {
                closed = true;
                raw.close(status, trailers);
            }
        }

        @Override
        public void request(int numMessages) {
            raw.request(numMessages);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            raw.sendHeaders(headers);
        }

        @Override
        public void sendMessage(R message) {
            raw.sendMessage(message);
        }

        @Override
        public boolean isReady() {
            return raw.isReady();
        }

        @Override
        public boolean isCancelled() {
            return raw.isCancelled();
        }

        @Override
        public void setMessageCompression(boolean enabled) {
            raw.setMessageCompression(enabled);
        }

        @Override
        public void setCompression(String compressor) {
            raw.setCompression(compressor);
        }

        @Override
        public void setOnReadyThreshold(int numBytes) {
            raw.setOnReadyThreshold(numBytes);
        }

        @Override
        public SecurityLevel getSecurityLevel() {
            return raw.getSecurityLevel();
        }

        @Override
        public Attributes getAttributes() {
            return raw.getAttributes();
        }

        @Override
        public String getAuthority() {
            return raw.getAuthority();
        }

        @Override
        public MethodDescriptor<Q, R> getMethodDescriptor() {
            return method;
        }
    }
}
