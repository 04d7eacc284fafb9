package io.pyrope.node.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DeleteResponse;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.GetResponse;
import io.pyrope.api.v1.SearchBatchRequest;
import io.pyrope.api.v1.SearchBatchResponse;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.node.api.VectorApi;
import io.pyrope.node.auth.Caller;

/** Thin gRPC handler over {@link VectorApi}; UpsertStream is the only non-unary call. */
final class VectorGrpcService extends VectorServiceGrpc.VectorServiceImplBase {
    private final VectorApi api;
    private final StreamLimits limits;

    VectorGrpcService(VectorApi api, StreamLimits limits) {
        this.api = api;
        this.limits = limits;
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> out) {
        Unary.call("Upsert", request, out, api::upsert);
    }

    /**
     * Each message is validated and written before the next is requested (gRPC's automatic
     * flow control asks for one message after onNext returns), in order; one response at the end.
     * The first failure ends the stream with its status; earlier messages stay written. A tenant
     * has at most {@code grpc.maxStreamsPerTenant} streams open on this node, each of at most
     * {@code grpc.maxStreamMessages} messages (RESOURCE_EXHAUSTED beyond either).
     */
    @Override
    public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> out) {
        Caller caller = AuthInterceptor.caller();
        StreamLimits.Permit permit;
        try {
            // A key without a tenant (the admin key) is refused by the first message's upsert.
            permit = caller.tenant().map(t -> limits.open(t, "UpsertStream")).orElse(null);
        } catch (RuntimeException e) {
            out.onError(Unary.toStatus(e, "UpsertStream"));
            return new Discard<>();
        }
        if (permit != null && out instanceof ServerCallStreamObserver<UpsertResponse> call) {
            // However the call ends — also when it is closed before reaching the observer below
            // (an unparsable message) or cancelled — its slot is given back.
            call.setOnCloseHandler(permit::close);
            call.setOnCancelHandler(permit::close);
        }
        return new StreamObserver<>() {
            private long messages;
            private long total;
            private boolean failed;

            @Override
            public void onNext(UpsertRequest request) {
                if (failed) {
                    return;
                }
                try {
                    limits.checkMessage(++messages, total, "UpsertStream");
                    total += api.upsert(caller, request).getUpserted();
                } catch (RuntimeException e) {
                    end();
                    out.onError(Unary.toStatus(e, "UpsertStream"));
                }
            }

            @Override
            public void onError(Throwable t) {
                end();
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    end();
                    out.onNext(UpsertResponse.newBuilder().setUpserted(total).build());
                    out.onCompleted();
                }
            }

            private void end() {
                failed = true;
                if (permit != null) {
                    permit.close();
                }
            }
        };
    }

    /** What a refused stream's remaining messages go to. */
    private static final class Discard<T> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetResponse> out) {
        Unary.call("Get", request, out, api::get);
    }

    @Override
    public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
        Unary.call("Delete", request, out, api::delete);
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
        Unary.call("Search", request, out, api::search);
    }

    @Override
    public void searchBatch(SearchBatchRequest request, StreamObserver<SearchBatchResponse> out) {
        Unary.call("SearchBatch", request, out, api::searchBatch);
    }
}
