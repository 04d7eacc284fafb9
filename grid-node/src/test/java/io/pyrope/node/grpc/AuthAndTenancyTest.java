package io.pyrope.node.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.CreateTenantResponse;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DeleteTenantRequest;
import io.pyrope.api.v1.DeleteTenantResponse;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.IssueKeyResponse;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.UpsertResponse;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;
import io.pyrope.node.FutureObserver;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.ServedServices;
import io.pyrope.node.TestPorts;
import io.pyrope.node.sdk.SdkEntryTask;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys, tenants and isolation over real gRPC (and one thin-client call) on a real single node. */
class AuthAndTenancyTest {
    private static NodeFixture fixture;
    private static String alice;
    private static String bob;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(TestPorts.slot(4), "auth", Map.of());
        alice = createTenant("alice").getApiKey();
        bob = createTenant("bob").getApiKey();
        fixture.indexes(alice).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("shared-name")).build());
        fixture.vectors(alice).upsert(UpsertRequest.newBuilder().setIndex("shared-name")
                .addVectors(vector("a1", 1, 0)).addVectors(vector("a2", 0, 1)).build());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static CreateTenantResponse createTenant(String id) {
        return fixture.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId(id).build());
    }

    private static IndexSpec spec(String name) {
        return IndexSpec.newBuilder().setName(name).setDimension(2).setMetric(Metric.L2).build();
    }

    private static SearchRequest query(String index) {
        return SearchRequest.newBuilder().setIndex(index).addQuery(1).addQuery(0).setTopK(5).build();
    }

    private static void fails(Executable call, Status.Code code, String message) {
        assertThatThrownBy(call::execute)
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code))
                .hasMessageContaining(message);
    }

    private static long aliceCount() {
        return fixture.indexes(alice).describeIndex(DescribeIndexRequest.newBuilder().setName("shared-name").build()).getVectorCount();
    }

    @Test
    void missingInvalidAndMalformedKeysAreUnauthenticated() {
        fails(() -> fixture.vectors(null).search(query("shared-name")), Status.Code.UNAUTHENTICATED, "missing API key");
        fails(() -> fixture.vectors("pyr_wrong").search(query("shared-name")), Status.Code.UNAUTHENTICATED, "invalid or revoked");
        fails(() -> fixture.admin(null).clusterInfo(ClusterInfoRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "missing");
    }

    @Test
    void revokedKeyIsUnauthenticatedAtOnce() {
        IssueKeyResponse issued = fixture.admin(NodeFixture.ADMIN_KEY).issueKey(IssueKeyRequest.newBuilder().setTenantId("alice").build());
        assertThat(fixture.vectors(issued.getApiKey()).search(query("shared-name")).getHitsCount()).isEqualTo(2);
        assertThat(fixture.admin(NodeFixture.ADMIN_KEY).revokeKey(RevokeKeyRequest.newBuilder().setKeyId(issued.getKeyId()).build())
                .getRevoked()).isTrue();
        fails(() -> fixture.vectors(issued.getApiKey()).search(query("shared-name")), Status.Code.UNAUTHENTICATED, "invalid or revoked");
        assertThat(fixture.vectors(alice).search(query("shared-name")).getHitsCount()).as("other keys unaffected").isEqualTo(2);
    }

    @Test
    void tenantKeysCannotAdministerAndTheAdminKeyHasNoData() {
        fails(() -> fixture.admin(alice).listTenants(ListTenantsRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "needs the cluster admin key");
        fails(() -> fixture.admin(alice).createTenant(CreateTenantRequest.newBuilder().setId("mallory").build()),
                Status.Code.PERMISSION_DENIED, "admin key");
        fails(() -> fixture.vectors(NodeFixture.ADMIN_KEY).search(query("shared-name")), Status.Code.PERMISSION_DENIED, "no tenant");
        assertThat(fixture.admin(alice).clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesCount()).isEqualTo(1);
        assertThat(fixture.admin(NodeFixture.ADMIN_KEY).listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList())
                .extracting(t -> t.getId()).contains("alice", "bob", "default");
    }

    @Test
    void anotherTenantsIndexIsNotFoundAndUntouched() {
        Status.Code nf = Status.Code.NOT_FOUND;
        fails(() -> fixture.vectors(bob).search(query("shared-name")), nf, "shared-name");
        fails(() -> fixture.vectors(bob).upsert(UpsertRequest.newBuilder().setIndex("shared-name").addVectors(vector("b1", 1, 1)).build()),
                nf, "shared-name");
        fails(() -> fixture.vectors(bob).get(GetRequest.newBuilder().setIndex("shared-name").addIds("a1").build()), nf, "shared-name");
        fails(() -> fixture.vectors(bob).delete(DeleteRequest.newBuilder().setIndex("shared-name").addIds("a1").build()), nf, "shared-name");
        fails(() -> fixture.indexes(bob).dropIndex(DropIndexRequest.newBuilder().setName("shared-name").build()), nf, "shared-name");
        fails(() -> fixture.indexes(bob).describeIndex(DescribeIndexRequest.newBuilder().setName("shared-name").build()), nf, "");
        assertThat(fixture.indexes(bob).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesCount()).isZero();

        // ClusterInfo shows bob the nodes but not alice's shards (their names would leak); the admin sees them.
        assertThat(fixture.admin(bob).clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesList())
                .flatExtracting(n -> n.getShardsList()).extracting(sh -> sh.getTenantId()).doesNotContain("alice");
        assertThat(fixture.admin(alice).clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesList())
                .flatExtracting(n -> n.getShardsList()).extracting(sh -> sh.getIndex()).contains("shared-name");
        assertThat(fixture.admin(NodeFixture.ADMIN_KEY).clusterInfo(ClusterInfoRequest.getDefaultInstance()).getNodesList())
                .flatExtracting(n -> n.getShardsList()).extracting(sh -> sh.getTenantId()).contains("alice");

        // The message is the one for a missing index: nothing says it exists elsewhere.
        String foreign = message(() -> fixture.vectors(bob).search(query("shared-name")));
        String missing = message(() -> fixture.vectors(bob).search(query("never-made"))).replace("never-made", "shared-name");
        assertThat(foreign).isEqualTo(missing).doesNotContain("alice");

        assertThat(aliceCount()).isEqualTo(2);
        assertThat(fixture.vectors(alice).get(GetRequest.newBuilder().setIndex("shared-name").addIds("a1").addIds("a2").build())
                .getVectorsCount()).isEqualTo(2);

        // Bob may have his own index of the same name, and it is separate.
        fixture.indexes(bob).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("shared-name")).build());
        assertThat(fixture.vectors(bob).search(query("shared-name")).getHitsCount()).isZero();
        fixture.indexes(bob).dropIndex(DropIndexRequest.newBuilder().setName("shared-name").build());
        assertThat(aliceCount()).isEqualTo(2);
    }

    @Test
    void deletingATenantDropsItsIndexesAndRevokesItsKeys() {
        String carol = createTenant("carol").getApiKey();
        fixture.indexes(carol).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("c")).build());
        fixture.vectors(carol).upsert(UpsertRequest.newBuilder().setIndex("c").addVectors(vector("x", 1, 1)).build());
        DeleteTenantResponse deleted = fixture.admin(NodeFixture.ADMIN_KEY).deleteTenant(DeleteTenantRequest.newBuilder().setId("carol").build());
        assertThat(deleted.getDroppedIndexes()).isEqualTo(1);
        assertThat(deleted.getRevokedKeys()).isEqualTo(1);
        fails(() -> fixture.vectors(carol).search(query("c")), Status.Code.UNAUTHENTICATED, "invalid or revoked");
        fails(() -> fixture.admin(NodeFixture.ADMIN_KEY).deleteTenant(DeleteTenantRequest.newBuilder().setId("carol").build()),
                Status.Code.NOT_FOUND, "carol");
        fails(() -> fixture.admin(NodeFixture.ADMIN_KEY).createTenant(CreateTenantRequest.newBuilder().setId("Bad Id").build()),
                Status.Code.INVALID_ARGUMENT, "tenant id");
    }

    @Test
    void upsertStreamWritesEachMessageInOrderAndAcksOnce() throws Exception {
        fixture.indexes(alice).createIndex(CreateIndexRequest.newBuilder().setSpec(spec("stream")).build());
        UpsertResponse ok = stream(List.of(
                UpsertRequest.newBuilder().setIndex("stream").addVectors(vector("s1", 1, 0)).addVectors(vector("s2", 0, 1)).build(),
                UpsertRequest.newBuilder().setIndex("stream").addVectors(vector("s1", 1, 1)).build())).get(30, TimeUnit.SECONDS);
        assertThat(ok.getUpserted()).isEqualTo(3);
        assertThat(fixture.vectors(alice).get(GetRequest.newBuilder().setIndex("stream").addIds("s1").setIncludeVectors(true).build())
                .getVectors(0).getValuesList()).as("later message wins").containsExactly(1f, 1f);

        CompletableFuture<UpsertResponse> failed = stream(List.of(
                UpsertRequest.newBuilder().setIndex("stream").addVectors(vector("s3", 1, 0)).build(),
                UpsertRequest.newBuilder().setIndex("stream").addVectors(vector("bad", 1, 0, 0)).build(),
                UpsertRequest.newBuilder().setIndex("stream").addVectors(vector("s4", 1, 0)).build()));
        assertThatThrownBy(() -> failed.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("INVALID_ARGUMENT").hasMessageContaining("vector 'bad'");
        assertThat(fixture.vectors(alice).get(GetRequest.newBuilder().setIndex("stream").addIds("s3").addIds("s4").build())
                .getVectorsList()).extracting(v -> v.getId()).containsExactly("s3");
    }

    private static CompletableFuture<UpsertResponse> stream(List<UpsertRequest> messages) {
        FutureObserver<UpsertResponse> result = new FutureObserver<>();
        StreamObserver<UpsertRequest> requests = fixture.vectorsAsync(alice).upsertStream(result);
        messages.forEach(requests::onNext);
        requests.onCompleted();
        return result.future();
    }

    @Test
    void healthIsServingWithoutAKey() {
        HealthCheckResponse r = HealthGrpc.newBlockingStub(fixture.channel())
                .check(HealthCheckRequest.newBuilder().setService("pyrope.v1.VectorService").build());
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void serverReflectionListsThePyropeServicesWithoutAKey() throws Exception {
        List<String> services = ServedServices.list(fixture.channel());
        assertThat(services).contains("pyrope.v1.IndexService", "pyrope.v1.VectorService", "pyrope.v1.AdminService",
                "grpc.health.v1.Health");
    }

    @Test
    void thinClientCallsGetTheSameAnswersAndErrors() throws Exception {
        int thin = fixture.node().config().thin().port();
        try (IgniteClient client = Ignition.startClient(new ClientConfiguration().setAddresses("127.0.0.1:" + thin))) {
            SdkReply ok = sdk(client, "pyrope.v1.VectorService/Search", alice, query("shared-name"));
            assertThat(ok.getStatusCode()).as(ok.getStatusMessage()).isZero();
            SearchResponse viaSdk = SearchResponse.parseFrom(ok.getPayload());
            SearchResponse viaGrpc = fixture.vectors(alice).search(query("shared-name"));
            assertThat(viaSdk.getHitsList()).isEqualTo(viaGrpc.getHitsList());

            SdkReply wrongDim = sdk(client, "pyrope.v1.VectorService/Search", alice,
                    query("shared-name").toBuilder().addQuery(3).build());
            assertThat(wrongDim.getStatusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
            assertThat(wrongDim.getStatusMessage()).contains("dimension 3");
            SdkReply foreign = sdk(client, "pyrope.v1.VectorService/Search", bob, query("shared-name"));
            assertThat(foreign.getStatusCode()).isEqualTo(Status.Code.NOT_FOUND.value());
        }
    }

    private static SdkReply sdk(IgniteClient client, String method, String key, com.google.protobuf.Message payload) throws Exception {
        byte[] call = SdkCall.newBuilder().setMethod(method).setApiKey(key).setPayload(payload.toByteString()).build().toByteArray();
        return SdkReply.parseFrom((byte[]) client.compute().execute(SdkEntryTask.class.getName(), call));
    }

    private static String message(Executable call) {
        try {
            call.execute();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getDescription();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        throw new AssertionError("expected a failure");
    }
}
