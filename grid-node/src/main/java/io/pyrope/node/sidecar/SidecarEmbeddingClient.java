package io.pyrope.node.sidecar;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.internal.v1.EmbedRequest;
import io.pyrope.internal.v1.EmbedResponse;
import io.pyrope.internal.v1.EmbeddingServiceGrpc;
import io.pyrope.internal.v1.GetModelRequest;
import io.pyrope.internal.v1.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's client of the sidecar's EmbeddingService on loopback. Every call has a deadline and
 * fails fast (no wait-for-ready): a sidecar that is down or slow turns into UNAVAILABLE with a
 * message saying what to do. A call that fails on a channel backing off resets the backoff,
 * reconnects and tries once more, so a restarted sidecar is used by the very next request.
 * Owns its channel.
 */
public final class SidecarEmbeddingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarEmbeddingClient.class);
    /** Texts per Embed call (the sidecar's default limit). */
    static final int BATCH = 256;
    /** Longest wait for a connection in progress after a failed call (milliseconds on loopback, seconds on a loaded box). */
    static final long RECONNECT_WAIT_MS = 2_000;

    private final String address;
    private final long deadlineMs;
    private final long deadlinePerTextMs;
    private final ManagedChannel channel;
    private final EmbeddingServiceGrpc.EmbeddingServiceBlockingStub stub;
    private final Timer calls;

    public SidecarEmbeddingClient(String host, int port, long deadlineMs, long deadlinePerTextMs, MeterRegistry meters) {
        this.address = host + ":" + port;
        this.deadlineMs = deadlineMs;
        this.deadlinePerTextMs = deadlinePerTextMs;
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        this.stub = EmbeddingServiceGrpc.newBlockingStub(channel);
        this.calls = Timer.builder("pyrope.embedding.sidecar.duration")
                .description("Embed calls from this node to its sidecar (one per batch of cache misses)")
                .publishPercentileHistogram().register(meters);
    }

    public SidecarModel model() {
        ModelInfo info = call(() -> stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .getModel(GetModelRequest.getDefaultInstance()));
        return new SidecarModel(info.getModelId(), info.getDimension());
    }

    /** Embeds the texts (in batches of {@value #BATCH}); one vector per text, in order. */
    public SidecarEmbeddings embed(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        SidecarModel model = null;
        for (int from = 0; from < texts.size(); from += BATCH) {
            EmbedRequest request = EmbedRequest.newBuilder()
                    .addAllTexts(texts.subList(from, Math.min(texts.size(), from + BATCH))).build();
            long t0 = System.nanoTime();
            long deadline = deadlineMs + deadlinePerTextMs * request.getTextsCount();
            EmbedResponse response = call(() -> stub.withDeadlineAfter(deadline, TimeUnit.MILLISECONDS).embed(request));
            calls.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            SidecarModel m = new SidecarModel(response.getModelId(), response.getDimension());
            if (model != null && !model.equals(m)) {
                throw new PyropeException(ErrorCode.UNAVAILABLE,
                        "the embedding model changed during the request (" + model.modelId() + " -> " + m.modelId() + "); retry");
            }
            model = m;
            if (response.getEmbeddingsCount() != request.getTextsCount()) {
                throw new PyropeException(ErrorCode.INTERNAL, "embedding sidecar at " + address + " answered "
                        + response.getEmbeddingsCount() + " vectors for " + request.getTextsCount() + " texts");
            }
            response.getEmbeddingsList().forEach(e -> {
                float[] v = new float[e.getValuesCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getValues(i);
                }
                vectors.add(v);
            });
        }
        return new SidecarEmbeddings(model, vectors);
    }

    /**
     * One RPC; on UNAVAILABLE one retry after {@link #reconnect()}, so that a sidecar restarted
     * while the channel was backing off is used at once.
     */
    private <T> T call(java.util.function.Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                throw translate(e.getStatus());
            }
        }
        if (!reconnect()) {
            throw translate(Status.UNAVAILABLE.withDescription("cannot connect"));
        }
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            throw translate(e.getStatus());
        }
    }

    /**
     * Resets the reconnect backoff and waits (at most {@value #RECONNECT_WAIT_MS} ms) for the
     * channel to connect; false as soon as a fresh attempt fails, so a sidecar that is down costs
     * one refused loopback connection, not a wait.
     */
    private boolean reconnect() {
        channel.resetConnectBackoff();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_WAIT_MS);
        boolean attempted = false;
        ConnectivityState state = channel.getState(true);
        while (state != ConnectivityState.READY) {
            attempted |= state == ConnectivityState.CONNECTING || state == ConnectivityState.IDLE;
            long left = end - System.nanoTime();
            if (left <= 0 || (attempted && state == ConnectivityState.TRANSIENT_FAILURE)) {
                return false;
            }
            CountDownLatch changed = new CountDownLatch(1);
            channel.notifyWhenStateChanged(state, changed::countDown);
            try {
                changed.await(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            state = channel.getState(true);
        }
        return true;
    }

    private PyropeException translate(Status status) {
        String detail = status.getDescription() == null ? status.getCode().name() : status.getDescription();
        switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> {
                LOG.warn("embedding sidecar at {} unavailable: {}", address, detail);
                return new PyropeException(ErrorCode.UNAVAILABLE, "text input needs the embedding sidecar at " + address
                        + ", which is unavailable (" + status.getCode() + ": " + detail + "); start it (bin/pyrope node"
                        + " starts one) or send vectors instead of text, which do not need it");
            }
            case INVALID_ARGUMENT -> {
                return PyropeException.invalid("text rejected by the embedding model: " + detail);
            }
            case RESOURCE_EXHAUSTED -> {
                return new PyropeException(ErrorCode.RESOURCE_EXHAUSTED, "the embedding sidecar is overloaded: " + detail);
            }
            default -> {
                LOG.warn("embedding sidecar at {} failed: {} {}", address, status.getCode(), detail);
                return new PyropeException(ErrorCode.INTERNAL, "embedding failed in the sidecar: " + detail);
            }
        }
    }

    @Override
    public void close() {
        Channels.shutdown(channel);
    }
}
