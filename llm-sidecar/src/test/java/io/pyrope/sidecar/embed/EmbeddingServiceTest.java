package io.pyrope.sidecar.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.internal.v1.EmbedRequest;
import io.pyrope.internal.v1.EmbedResponse;
import io.pyrope.internal.v1.EmbeddingServiceGrpc;
import io.pyrope.internal.v1.GetModelRequest;
import io.pyrope.internal.v1.ModelInfo;
import io.pyrope.sidecar.SidecarServer;
import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.testing.TestPorts;
import io.pyrope.sidecar.time.Parker;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sidecar's EmbeddingService over real gRPC with the real all-MiniLM-L6-v2 model (loaded once). */
class EmbeddingServiceTest {
    private static SidecarServer sidecar;
    private static ManagedChannel channel;
    private static EmbeddingServiceGrpc.EmbeddingServiceBlockingStub stub;

    @BeforeAll
    static void start() {
        var config = new ConfigLoader().load(null, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(9)),
                "PYROPE_SIDECAR_METRICS_PORT", "0",
                "PYROPE_SIDECAR_EMBEDDING_MAX_BATCH", "8"));
        sidecar = SidecarServer.start(config, Clock.systemUTC(), Parker.real(), Map.of());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", sidecar.port()).usePlaintext().build();
        stub = EmbeddingServiceGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        sidecar.close();
    }

    private static EmbeddingServiceGrpc.EmbeddingServiceBlockingStub call() {
        return stub.withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    @Test
    void reportsTheModelAndServesHealth() {
        ModelInfo info = call().getModel(GetModelRequest.getDefaultInstance());
        assertThat(info.getModelId()).isEqualTo(MiniLmEmbedder.MODEL_ID);
        assertThat(info.getDimension()).isEqualTo(384);
        assertThat(info.getNormalized()).isTrue();
        assertThat(info.getMaxBatch()).isEqualTo(8);
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.newBuilder()
                .setService(SidecarServer.EMBEDDING_SERVICE_NAME).build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void aBatchGetsUnitVectorsInOrderThatPlaceParaphrasesClose() {
        List<String> texts = List.of("The weather is lovely and sunny today.",
                "It is a beautiful, bright day outside.",
                "The compiler rejected my generic method signature.");
        EmbedResponse r = call().embed(EmbedRequest.newBuilder().addAllTexts(texts).build());
        assertThat(r.getModelId()).isEqualTo(MiniLmEmbedder.MODEL_ID);
        assertThat(r.getEmbeddingsCount()).isEqualTo(3);
        float[][] v = new float[3][];
        for (int i = 0; i < 3; i++) {
            v[i] = toArray(r.getEmbeddings(i).getValuesList());
            assertThat(v[i]).hasSize(384);
            assertThat(dot(v[i], v[i])).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        }
        assertThat(dot(v[0], v[1])).as("paraphrases").isGreaterThan(dot(v[0], v[2]) + 0.3);

        // Same text alone: the same vector (order within a batch does not matter).
        EmbedResponse alone = call().embed(EmbedRequest.newBuilder().addTexts(texts.get(2)).build());
        assertThat(dot(toArray(alone.getEmbeddings(0).getValuesList()), v[2])).isGreaterThan(0.999);
    }

    @Test
    void badBatchesAreInvalidArgumentsNamingTheProblem() {
        assertRejected(EmbedRequest.getDefaultInstance(), "texts must hold 1..8 entries, got 0");
        assertRejected(EmbedRequest.newBuilder().addAllTexts(Collections.nCopies(9, "x")).build(), "got 9");
        assertRejected(EmbedRequest.newBuilder().addTexts("ok").addTexts("  ").build(), "texts[1] is empty");
        assertRejected(EmbedRequest.newBuilder().addTexts("a".repeat(8193)).build(), "at most 8192");
    }

    private static void assertRejected(EmbedRequest request, String message) {
        assertThatThrownBy(() -> call().embed(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).contains(message);
        });
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
