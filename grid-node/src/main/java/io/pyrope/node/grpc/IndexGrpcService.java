package io.pyrope.node.grpc;

import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateIndexResponse;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.DropIndexResponse;
import io.pyrope.api.v1.IndexDescription;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.ListIndexesResponse;
import io.pyrope.node.api.IndexApi;

/** Thin gRPC handler: the caller comes from {@link AuthInterceptor}, the work from {@link IndexApi}. */
final class IndexGrpcService extends IndexServiceGrpc.IndexServiceImplBase {
    private final IndexApi api;

    IndexGrpcService(IndexApi api) {
        this.api = api;
    }

    @Override
    public void createIndex(CreateIndexRequest request, StreamObserver<CreateIndexResponse> out) {
        Unary.call("CreateIndex", request, out, api::createIndex);
    }

    @Override
    public void describeIndex(DescribeIndexRequest request, StreamObserver<IndexDescription> out) {
        Unary.call("DescribeIndex", request, out, api::describeIndex);
    }

    @Override
    public void listIndexes(ListIndexesRequest request, StreamObserver<ListIndexesResponse> out) {
        Unary.call("ListIndexes", request, out, api::listIndexes);
    }

    @Override
    public void dropIndex(DropIndexRequest request, StreamObserver<DropIndexResponse> out) {
        Unary.call("DropIndex", request, out, api::dropIndex);
    }
}
