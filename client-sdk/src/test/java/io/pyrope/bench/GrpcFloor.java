package io.pyrope.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;

import java.util.concurrent.TimeUnit;

/**
 * The floor under the bench's search figure on this machine: QPS of Search on a one-vector index
 * (the whole RPC path, auth, catalog and shard lookup, but no graph work) over the same channel
 * and thread count as the bench. Not a test. Args: target threads seconds (key from PYROPE_DEFAULT_API_KEY).
 */
public final class GrpcFloor {
    public static void main(String[] args) throws Exception {
        String target = args.length > 0 ? args[0] : "127.0.0.1:50051";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + System.getenv("PYROPE_DEFAULT_API_KEY"));
        var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
        var indexes = IndexServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
        var vectors = VectorServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
        String index = "floor_" + Long.toString(System.currentTimeMillis(), 36);
        indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(ProtoMapping.toProto(IndexSpec.of(index, 4, Metric.L2))).build());
        try {
            vectors.upsert(UpsertRequest.newBuilder().setIndex(index)
                    .addVectors(Vector.newBuilder().setId("x").addValues(1).addValues(0).addValues(0).addValues(0)).build());
            SearchRequest search = SearchRequest.newBuilder().setIndex(index).setTopK(1)
                    .addQuery(1).addQuery(0).addQuery(0).addQuery(0).build();
            SearchRunner.Search call = q -> {
                vectors.search(search);
                return new int[0];
            };
            SearchRunner.Stats s = SearchRunner.run(call, 1000, threads, 10, seconds);
            Percentiles p = s.latencies();
            System.out.printf("unary Search floor (1-vector index): %.0f QPS over %d threads, p50 %.3f ms, p99 %.3f ms%n", s.qps(), threads,
                    p.millis(50), p.millis(99));
        } finally {
            indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
