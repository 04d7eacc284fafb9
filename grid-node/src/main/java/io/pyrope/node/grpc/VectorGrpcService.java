package io.pyrope.node.grpc;

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

    VectorGrpcService(VectorApi api) {
        this.api = api;
    }

    @Override
    public void upsert(UpsertRequest request, StreamObserver<UpsertResponse> out) {
        Unary.call("Upsert", request, out, api::upsert);
    }

    /**
     * Each message is validated and written before the next is requested (gRPC's automatic
     * flow control asks for one message after onNext returns), in order; one response at the end.
     * The first failure ends the stream with its status; earlier messages stay written.
     */
    @Override
    public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> out) {
        Caller caller = AuthInterceptor.caller();
        return new StreamObserver<>() {
            private long total;
            private boolean failed;

            @Override
            public void onNext(UpsertRequest request) {
                if (failed) {
                    return;
                }
                try {
                    total += api.upsert(caller, request).getUpserted();
                } catch (RuntimeException e) {
                    failed = true;
                    out.onError(Unary.toStatus(e, "UpsertStream"));
                }
            }

            @Override
            public void onError(Throwable t) {
                failed = true;
            }

            @Override
            public void onCompleted() {
                if (!failed) {
                    out.onNext(UpsertResponse.newBuilder().setUpserted(total).build());
                    out.onCompleted();
                }
            }
        };
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
