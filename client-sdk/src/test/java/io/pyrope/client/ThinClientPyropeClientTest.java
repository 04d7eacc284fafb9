package io.pyrope.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.VectorRecord;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope mapping, against a scripted transport instead of a server. */
class ThinClientPyropeClientTest {

    /** Records the last call and answers with a scripted reply. */
    private static final class ScriptedTransport implements SdkTransport {
        final Function<SdkCall, CompletableFuture<byte[]>> script;
        SdkCall last;
        boolean closed;

        ScriptedTransport(Function<SdkCall, CompletableFuture<byte[]>> script) {
            this.script = script;
        }

        @Override
        public CompletableFuture<byte[]> execute(byte[] sdkCall) {
            try {
                last = SdkCall.parseFrom(sdkCall);
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
            return script.apply(last);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static CompletableFuture<byte[]> ok(com.google.protobuf.MessageLite response) {
        return CompletableFuture.completedFuture(SdkReply.newBuilder().setPayload(response.toByteString()).build().toByteArray());
    }

    private static CompletableFuture<byte[]> status(int code, String message) {
        return CompletableFuture.completedFuture(SdkReply.newBuilder().setStatusCode(code).setStatusMessage(message).build().toByteArray());
    }

    @Test
    void wrapsTheGrpcRequestWithMethodAndKeyAndMapsTheResponse() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(call -> ok(SearchResponse.newBuilder()
                .addHits(io.pyrope.api.v1.SearchHit.newBuilder().setId("v1").setScore(0.5f).putMetadata("k", "v"))
                .setEfUsed(80).setShardsSearched(2).setDistanceComputations(123).build()));
        PyropeClient client = new ThinClientPyropeClient(transport, "secret-key");

        SearchResult r = client.search("docs", new SearchQuery(new float[]{1, 2}, 5, 80, null, true, false));

        assertThat(transport.last.getMethod()).isEqualTo("pyrope.v1.VectorService/Search");
        assertThat(transport.last.getApiKey()).isEqualTo("secret-key");
        SearchRequest sent = SearchRequest.parseFrom(transport.last.getPayload());
        assertThat(sent.getIndex()).isEqualTo("docs");
        assertThat(sent.getQueryList()).containsExactly(1f, 2f);
        assertThat(sent.getTopK()).isEqualTo(5);
        assertThat(sent.getEf()).isEqualTo(80);
        assertThat(sent.getIncludeMetadata()).isTrue();

        assertThat(r.hits()).hasSize(1);
        assertThat(r.hits().get(0).id()).isEqualTo("v1");
        assertThat(r.hits().get(0).metadata()).containsEntry("k", "v");
        assertThat(r.efUsed()).isEqualTo(80);
        assertThat(r.shardsSearched()).isEqualTo(2);
        assertThat(r.distanceComputations()).isEqualTo(123);
    }

    @Test
    void upsertCarriesEveryVector() throws Exception {
        ScriptedTransport transport = new ScriptedTransport(call -> ok(UpsertResponse.newBuilder().setUpserted(2).build()));
        PyropeClient client = new ThinClientPyropeClient(transport, "k");
        long n = client.upsert("docs", List.of(new VectorRecord("a", new float[]{1}, Map.of("m", "1")),
                new VectorRecord("b", new float[]{2})));
        assertThat(n).isEqualTo(2);
        assertThat(transport.last.getMethod()).isEqualTo("pyrope.v1.VectorService/Upsert");
        UpsertRequest sent = UpsertRequest.parseFrom(transport.last.getPayload());
        assertThat(sent.getVectorsList()).extracting(io.pyrope.api.v1.Vector::getId).containsExactly("a", "b");
        assertThat(sent.getVectors(0).getValuesList()).containsExactly(1f);
        assertThat(sent.getVectors(0).getMetadataMap()).containsEntry("m", "1");
    }

    @Test
    void nonZeroStatusBecomesPyropeExceptionWithTheServerCodeAndMessage() {
        for (ErrorCode code : ErrorCode.values()) {
            PyropeClient client = new ThinClientPyropeClient(
                    new ScriptedTransport(call -> status(code.grpcCode(), "server says " + code)), "k");
            assertThatThrownBy(() -> client.describeIndex("docs"))
                    .isInstanceOfSatisfying(PyropeException.class, e -> {
                        assertThat(e.code()).isEqualTo(code);
                        assertThat(e.getMessage()).isEqualTo("server says " + code);
                    });
        }
    }

    @Test
    void unknownStatusIsInternalAndMissingMessageIsFilledIn() {
        PyropeClient client = new ThinClientPyropeClient(new ScriptedTransport(call -> status(2, "")), "k");
        assertThatThrownBy(() -> client.listIndexes()).isInstanceOfSatisfying(PyropeException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains("IndexService/ListIndexes").contains("2");
        });
    }

    @Test
    void garbageReplyIsInternal() {
        PyropeClient client = new ThinClientPyropeClient(new ScriptedTransport(
                call -> CompletableFuture.completedFuture(new byte[]{(byte) 0xff, 0x01})), "k");
        assertThatThrownBy(() -> client.listIndexes())
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
        PyropeClient nullReply = new ThinClientPyropeClient(new ScriptedTransport(
                call -> CompletableFuture.completedFuture(null)), "k");
        assertThatThrownBy(() -> nullReply.listIndexes())
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }

    @Test
    void transportFailureKeepsItsCodeAndAsyncDoesNotThrow() {
        PyropeClient client = new ThinClientPyropeClient(new ScriptedTransport(
                call -> CompletableFuture.failedFuture(new PyropeException(ErrorCode.UNAVAILABLE, "down"))), "k");
        CompletableFuture<?> f = client.clusterInfoAsync();
        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(client::clusterInfo)
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void nullArgumentFailsWithInvalidArgumentWithoutCallingTheServer() {
        ScriptedTransport transport = new ScriptedTransport(call -> {
            throw new AssertionError("must not be called");
        });
        PyropeClient client = new ThinClientPyropeClient(transport, "k");
        assertThatThrownBy(() -> client.describeIndex(null))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void closeClosesTheTransportOnceAndLaterCallsAreUnavailable() {
        ScriptedTransport transport = new ScriptedTransport(call -> ok(UpsertResponse.getDefaultInstance()));
        PyropeClient client = new ThinClientPyropeClient(transport, "k");
        client.close();
        client.close();
        assertThat(transport.closed).isTrue();
        assertThatThrownBy(() -> client.dropIndex("x"))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void clusterInfoIsMappedToDomain() {
        PyropeClient client = new ThinClientPyropeClient(new ScriptedTransport(call -> ok(
                io.pyrope.api.v1.ClusterInfoResponse.newBuilder().setPartitions(64).setBackups(1).setTopologyVersion(3)
                        .addNodes(io.pyrope.api.v1.NodeInfo.newBuilder().setNodeId("n1").setLocal(true)
                                .addShards(io.pyrope.api.v1.ShardInfo.newBuilder().setIndex("docs").setVectors(10).setHeadVectors(4)))
                        .addNodes(io.pyrope.api.v1.NodeInfo.newBuilder().setNodeId("n2")
                                .addShards(io.pyrope.api.v1.ShardInfo.newBuilder().setIndex("docs").setVectors(10).setHeadVectors(1)))
                        .build())), "k");
        ClusterInfo info = client.clusterInfo();
        assertThat(info.nodes()).hasSize(2);
        assertThat(info.partitions()).isEqualTo(64);
        assertThat(info.headVectors("docs")).isEqualTo(5);
        assertThat(info.storedVectors("docs")).isEqualTo(20);
        assertThat(info.headVectors("other")).isZero();
    }
}
