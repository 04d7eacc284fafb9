package io.pyrope.bench;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateIndexResponse;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.DropIndexResponse;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.NodeInfo;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.ShardInfo;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.client.ClusterInfo;
import io.pyrope.client.InMemoryPyropeClient;
import io.pyrope.domain.PyropeException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A gRPC server on loopback that answers the calls the bench makes from the in-memory fake, with
 * bearer-key auth: enough to exercise the bench's gRPC path (UpsertStream flow control included)
 * without a grid node.
 */
final class FakeGrpcNode implements AutoCloseable {
    private final InMemoryPyropeClient data = new InMemoryPyropeClient();
    private final Server server;

    FakeGrpcNode(int port, String apiKey) throws IOException {
        ServerInterceptor auth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String h = headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER));
                if (!("Bearer " + apiKey).equals(h)) {
                    call.close(Status.UNAUTHENTICATED.withDescription("bad key"), new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(ServerInterceptors.intercept(new Indexes(), auth))
                .addService(ServerInterceptors.intercept(new Vectors(), auth))
                .addService(ServerInterceptors.intercept(new Admin(), auth))
                .build()
                .start();
    }

    InMemoryPyropeClient data() {
        return data;
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> op) {
        try {
            out.onNext(op.get());
            out.onCompleted();
        } catch (PyropeException e) {
            out.onError(Status.fromCodeValue(e.code().grpcCode()).withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private final class Indexes extends IndexServiceGrpc.IndexServiceImplBase {
        @Override
        public void createIndex(CreateIndexRequest request, StreamObserver<CreateIndexResponse> out) {
            answer(out, () -> CreateIndexResponse.newBuilder()
                    .setIndex(ProtoMapping.toProto(data.createIndex(ProtoMapping.toDomain(request.getSpec())))).build());
        }

        @Override
        public void dropIndex(DropIndexRequest request, StreamObserver<DropIndexResponse> out) {
            answer(out, () -> DropIndexResponse.newBuilder().setRemovedVectors(data.dropIndex(request.getName())).build());
        }
    }

    private final class Vectors extends VectorServiceGrpc.VectorServiceImplBase {
        @Override
        public StreamObserver<UpsertRequest> upsertStream(StreamObserver<UpsertResponse> out) {
            return new StreamObserver<>() {
                long total;
                boolean failed;

                @Override
                public void onNext(UpsertRequest r) {
                    if (failed) {
                        return;
                    }
                    try {
                        total += data.upsert(r.getIndex(), ProtoMapping.toDomainVectors(r.getVectorsList()));
                    } catch (PyropeException e) {
                        failed = true;
                        out.onError(Status.fromCodeValue(e.code().grpcCode()).withDescription(e.getMessage()).asRuntimeException());
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
        public void search(SearchRequest request, StreamObserver<SearchResponse> out) {
            answer(out, () -> ProtoMapping.toProto(data.search(request.getIndex(), ProtoMapping.toDomain(request))));
        }
    }

    private final class Admin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void clusterInfo(ClusterInfoRequest request, StreamObserver<ClusterInfoResponse> out) {
            answer(out, () -> {
                ClusterInfo info = data.clusterInfo();
                ClusterInfoResponse.Builder b = ClusterInfoResponse.newBuilder().setPartitions(info.partitions());
                for (ClusterInfo.Node n : info.nodes()) {
                    NodeInfo.Builder nb = NodeInfo.newBuilder().setNodeId(n.nodeId()).setLocal(n.local());
                    for (ClusterInfo.Shard s : n.shards()) {
                        nb.addShards(ShardInfo.newBuilder().setTenantId(s.tenantId()).setIndex(s.index())
                                .setVectors(s.vectors()).setHeadVectors(s.headVectors()).setSegments(s.segments()));
                    }
                    b.addNodes(nb);
                }
                return b.build();
            });
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
