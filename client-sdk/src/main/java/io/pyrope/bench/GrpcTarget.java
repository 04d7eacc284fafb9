package io.pyrope.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.NodeInfo;
import io.pyrope.api.v1.SearchHit;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.ShardInfo;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.domain.IndexSpec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The bench over gRPC: UpsertStream for loading (with flow control), unary Search. */
final class GrpcTarget implements BenchTarget {
    /** Vectors per UpsertStream call: each stream is acknowledged once, at its end. */
    static final int STREAM_VECTORS = 50_000;

    private final ManagedChannel channel;
    private final IndexServiceGrpc.IndexServiceBlockingStub indexes;
    private final VectorServiceGrpc.VectorServiceBlockingStub vectors;
    private final VectorServiceGrpc.VectorServiceStub vectorsAsync;
    private final AdminServiceGrpc.AdminServiceBlockingStub admin;

    GrpcTarget(String target, String apiKey) {
        this.channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                .maxInboundMessageSize(64 * 1024 * 1024)
                .build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
        this.indexes = IndexServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
        this.vectors = VectorServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
        this.vectorsAsync = VectorServiceGrpc.newStub(channel).withInterceptors(auth);
        this.admin = AdminServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    }

    @Override
    public void createIndex(IndexSpec spec) {
        indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(ProtoMapping.toProto(spec)).build());
    }

    @Override
    public void dropIndex(String index) {
        indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
    }

    @Override
    public void load(String index, float[][] base, int from, int to, int batch, LoadListener listener) throws Exception {
        for (int start = from; start < to; start += STREAM_VECTORS) {
            int end = Math.min(to, start + STREAM_VECTORS);
            UpsertResponse r = stream(index, base, start, end, batch, listener);
            listener.acknowledged(r.getUpserted());
        }
    }

    /** One UpsertStream call; waits for the transport to be ready instead of buffering without bound. */
    private UpsertResponse stream(String index, float[][] base, int from, int to, int batch, LoadListener listener)
            throws Exception {
        CompletableFuture<UpsertResponse> done = new CompletableFuture<>();
        Semaphore ready = new Semaphore(0);
        ClientResponseObserver<UpsertRequest, UpsertResponse> responses = new ClientResponseObserver<>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<UpsertRequest> requestStream) {
                requestStream.setOnReadyHandler(ready::release);
            }

            @Override
            public void onNext(UpsertResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
                ready.release();
            }

            @Override
            public void onCompleted() {
                done.completeExceptionally(new IllegalStateException("UpsertStream completed without a response"));
            }
        };
        @SuppressWarnings("unchecked")
        ClientCallStreamObserver<UpsertRequest> requests =
                (ClientCallStreamObserver<UpsertRequest>) vectorsAsync.upsertStream(responses);
        for (int start = from; start < to && !done.isDone(); start += batch) {
            int end = Math.min(to, start + batch);
            UpsertRequest.Builder msg = UpsertRequest.newBuilder().setIndex(index);
            for (int i = start; i < end; i++) {
                Vector.Builder v = Vector.newBuilder().setId(BenchTarget.id(i));
                for (float f : base[i]) {
                    v.addValues(f);
                }
                msg.addVectors(v);
            }
            while (!requests.isReady() && !done.isDone()) {
                ready.tryAcquire(50, TimeUnit.MILLISECONDS);
            }
            if (done.isDone()) {
                break;
            }
            requests.onNext(msg.build());
            listener.sent(end - start);
        }
        if (!done.isDone()) {
            requests.onCompleted();
        }
        try {
            return done.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof StatusRuntimeException s ? new IllegalStateException("UpsertStream failed: " + s.getStatus(), s)
                    : new IllegalStateException("UpsertStream failed", cause);
        }
    }

    @Override
    public int[] search(String index, float[] query, int k, int ef, int nprobe) {
        // The bench measures the search engine: result caches would answer repeated queries.
        SearchRequest.Builder req = SearchRequest.newBuilder().setIndex(index).setTopK(k).setEf(ef).setNprobe(nprobe)
                .setBypassCache(true);
        for (float f : query) {
            req.addQuery(f);
        }
        SearchResponse r = vectors.search(req.build());
        int[] out = new int[r.getHitsCount()];
        int i = 0;
        for (SearchHit h : r.getHitsList()) {
            out[i++] = BenchTarget.ordinal(h.getId());
        }
        return out;
    }

    @Override
    public IndexState indexState(String index) {
        ClusterInfoResponse info = admin.clusterInfo(ClusterInfoRequest.getDefaultInstance());
        long stored = 0;
        long head = 0;
        long maxHead = 0;
        boolean seen = false;
        for (NodeInfo n : info.getNodesList()) {
            for (ShardInfo s : n.getShardsList()) {
                if (s.getIndex().equals(index)) {
                    seen = true;
                    stored += s.getVectors();
                    head += s.getHeadVectors();
                    maxHead = Math.max(maxHead, s.getHeadVectors());
                }
            }
        }
        return seen ? new IndexState(stored, head, maxHead) : null;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
