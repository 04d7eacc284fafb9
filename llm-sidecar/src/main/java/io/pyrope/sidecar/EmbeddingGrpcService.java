package io.pyrope.sidecar;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.pyrope.internal.v1.EmbedRequest;
import io.pyrope.internal.v1.EmbedResponse;
import io.pyrope.internal.v1.Embedding;
import io.pyrope.internal.v1.EmbeddingServiceGrpc;
import io.pyrope.internal.v1.GetModelRequest;
import io.pyrope.internal.v1.ModelInfo;
import io.pyrope.sidecar.embed.Embedder;
import io.pyrope.sidecar.embed.EmbeddingException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Embed RPC: validates the batch, runs it on the bounded embedding workers (not on a gRPC
 * handler thread) and answers with the model id next to the vectors. A full queue answers
 * RESOURCE_EXHAUSTED at once; a failing provider answers UNAVAILABLE (retryable) or INTERNAL.
 */
public final class EmbeddingGrpcService extends EmbeddingServiceGrpc.EmbeddingServiceImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingGrpcService.class);

    private final Embedder embedder;
    private final ExecutorService workers;
    private final int maxBatch;
    private final int maxTextChars;

    public EmbeddingGrpcService(Embedder embedder, ExecutorService workers, int maxBatch, int maxTextChars) {
        this.embedder = embedder;
        this.workers = workers;
        this.maxBatch = maxBatch;
        this.maxTextChars = maxTextChars;
    }

    @Override
    public void getModel(GetModelRequest request, StreamObserver<ModelInfo> response) {
        response.onNext(ModelInfo.newBuilder()
                .setModelId(embedder.modelId())
                .setDimension(embedder.dimension())
                .setNormalized(embedder.normalized())
                .setMaxBatch(maxBatch)
                .setMaxTextChars(maxTextChars)
                .build());
        response.onCompleted();
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> response) {
        String problem = validate(request.getTextsList());
        if (problem != null) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
            return;
        }
        try {
            workers.execute(() -> run(request.getTextsList(), response));
        } catch (RejectedExecutionException e) {
            response.onError(Status.RESOURCE_EXHAUSTED
                    .withDescription("embedding queue is full; retry later").asRuntimeException());
        }
    }

    private void run(List<String> texts, StreamObserver<EmbedResponse> response) {
        List<float[]> vectors;
        try {
            vectors = embedder.embed(texts);
        } catch (EmbeddingException e) {
            LOG.warn("embedding {} texts with {} failed: {}", texts.size(), embedder.modelId(), e.getMessage());
            Status status = e.retryable() ? Status.UNAVAILABLE : Status.INTERNAL;
            response.onError(status.withDescription("embedding failed: " + e.getMessage()).asRuntimeException());
            return;
        }
        EmbedResponse.Builder b = EmbedResponse.newBuilder()
                .setModelId(embedder.modelId())
                .setDimension(embedder.dimension());
        for (float[] v : vectors) {
            Embedding.Builder e = Embedding.newBuilder();
            for (float f : v) {
                e.addValues(f);
            }
            b.addEmbeddings(e);
        }
        response.onNext(b.build());
        response.onCompleted();
    }

    private String validate(List<String> texts) {
        if (texts.isEmpty() || texts.size() > maxBatch) {
            return "texts must hold 1.." + maxBatch + " entries, got " + texts.size();
        }
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t.isBlank()) {
                return "texts[" + i + "] is empty";
            }
            if (t.length() > maxTextChars) {
                return "texts[" + i + "] has " + t.length() + " characters; at most " + maxTextChars;
            }
        }
        return null;
    }
}
