package io.pyrope.node.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.node.FutureObserver;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * UpsertStream limits on a real node: at most {@code grpc.maxStreamMessages} messages per stream
 * (here 5) and {@code grpc.maxStreamsPerTenant} open streams per tenant (here 2), both refused
 * with RESOURCE_EXHAUSTED and a message naming the key; what was written before stays written,
 * the refused part writes nothing, and another tenant's streams are unaffected.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class UpsertStreamLimitsTest {
    private static NodeFixture node;
    private static String keyA;
    private static String keyB;

    @BeforeAll
    static void start() {
        node = NodeFixture.start(TestPorts.slot(27), "stream-limits", Map.of(
                "PYROPE_GRPC_MAX_STREAM_MESSAGES", "5", "PYROPE_GRPC_MAX_STREAMS_PER_TENANT", "2"));
        keyA = node.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("sa").build()).getApiKey();
        keyB = node.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("sb").build()).getApiKey();
        for (String key : new String[]{keyA, keyB}) {
            for (String index : new String[]{"long", "many"}) {
                node.indexes(key).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(index)
                        .setDimension(2).setMetric(Metric.L2)).build());
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aStreamLongerThanTheLimitEndsWithResourceExhaustedAfterWritingTheAllowedPart() throws Exception {
        Stream s = open(keyA);
        for (int m = 0; m < 7; m++) {
            s.send(batch("long", m * 10, 10));
        }
        s.requests.onCompleted();
        Status status = s.failure();
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("at most 5 messages (grpc.maxStreamMessages)")
                .contains("the first 5 were written (50 vectors)").contains("new stream");
        assertThat(count(keyA, "long")).isEqualTo(50);
        // Exactly at the limit is fine.
        Stream ok = open(keyA);
        for (int m = 0; m < 5; m++) {
            ok.send(batch("long", 100 + m * 10, 10));
        }
        ok.requests.onCompleted();
        assertThat(ok.response.get(30, TimeUnit.SECONDS).getUpserted()).isEqualTo(50);
        assertThat(count(keyA, "long")).isEqualTo(100);
    }

    @Test
    void aTenantWithItsMaximumOfOpenStreamsIsRefusedAnotherWhileOtherTenantsAreNot() throws Exception {
        Stream first = open(keyA);
        Stream second = open(keyA);
        first.send(batch("many", 0, 3));
        second.send(batch("many", 3, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> count(keyA, "many") == 6);

        Stream third = open(keyA);
        third.send(batch("many", 100, 3));
        third.requests.onCompleted();
        Status refused = third.failure();
        assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(refused.getDescription()).contains("already has 2 UpsertStream calls open on this node")
                .contains("grpc.maxStreamsPerTenant");
        assertThat(count(keyA, "many")).as("the refused stream wrote nothing").isEqualTo(6);

        // Tenant B is not limited by A's open streams.
        assertThat(twoStreamsAtOnce(keyB, 0, 2)).isEqualTo(4);

        // A completed stream and a cancelled one each give their slot back.
        first.requests.onCompleted();
        assertThat(first.response.get(30, TimeUnit.SECONDS).getUpserted()).isEqualTo(3);
        second.requests.onError(Status.CANCELLED.withDescription("client gave up").asException());
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .untilAsserted(() -> assertThat(twoStreamsAtOnce(keyA, 200, 1)).isEqualTo(2));
    }

    @Test
    void streamsEndedByAnUnparsableMessageGiveTheirSlotBack() throws Exception {
        var method = io.pyrope.api.v1.VectorServiceGrpc.getUpsertStreamMethod().toBuilder(RawBytesMarshaller.INSTANCE,
                RawBytesMarshaller.INSTANCE).build();
        // Three times the limit of 2: each stream is closed by the parser, before the handler sees a message.
        for (int i = 0; i < 6; i++) {
            FutureObserver<byte[]> response = new FutureObserver<>();
            StreamObserver<byte[]> requests = io.grpc.stub.ClientCalls.asyncClientStreamingCall(
                    node.channel().newCall(method, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)
                                    .withCallCredentials(bearer(keyB))), response);
            requests.onNext(new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            requests.onCompleted();
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> response.future().get(30, TimeUnit.SECONDS));
            assertThat(((StatusRuntimeException) failure.getCause()).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        }
        assertThat(twoStreamsAtOnce(keyB, 500, 1)).isEqualTo(2);
    }

    /** Opens two streams, writes {@code each} vectors on each while both are open, ends both; the total written. */
    private static long twoStreamsAtOnce(String key, int from, int each) throws Exception {
        Stream first = open(key);
        Stream second = open(key);
        first.send(batch("many", from, each));
        second.send(batch("many", from + each, each));
        first.requests.onCompleted();
        second.requests.onCompleted();
        return first.response.get(30, TimeUnit.SECONDS).getUpserted() + second.response.get(30, TimeUnit.SECONDS).getUpserted();
    }

    private static io.grpc.CallCredentials bearer(String key) {
        return new io.grpc.CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor executor, MetadataApplier applier) {
                io.grpc.Metadata headers = new io.grpc.Metadata();
                headers.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
                applier.apply(headers);
            }
        };
    }

    private static long count(String key, String index) {
        return node.indexes(key).describeIndex(DescribeIndexRequest.newBuilder().setName(index).build()).getVectorCount();
    }

    private static UpsertRequest batch(String index, int from, int n) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
        for (int i = from; i < from + n; i++) {
            b.addVectors(vector("v" + i, i, -i));
        }
        return b.build();
    }

    private static Stream open(String key) {
        FutureObserver<UpsertResponse> response = new FutureObserver<>();
        StreamObserver<UpsertRequest> requests = node.vectorsAsync(key).upsertStream(response);
        return new Stream(requests, response.future());
    }

    private record Stream(StreamObserver<UpsertRequest> requests, CompletableFuture<UpsertResponse> response) {
        void send(UpsertRequest r) {
            requests.onNext(r);
        }

        Status failure() {
            assertThatThrownBy(() -> response.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            try {
                response.get();
                throw new AssertionError("the stream succeeded");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(StatusRuntimeException.class);
                return ((StatusRuntimeException) e.getCause()).getStatus();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
