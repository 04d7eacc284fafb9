package io.pyrope.node.sdk;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.CreateTenantResponse;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.ListTenantsResponse;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import io.pyrope.node.api.AdminApi;
import io.pyrope.node.api.IndexApi;
import io.pyrope.node.api.VectorApi;
import io.pyrope.node.audit.AuditLog;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.tenant.ApiKeyStore;
import io.pyrope.node.tenant.MetadataCaches;
import io.pyrope.node.tenant.TenantAdmin;
import io.pyrope.node.tenant.TenantStore;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thin-client entry task over a real thin-client connection: routing by gRPC method name,
 * the same auth and status codes as gRPC, and calls parked off Ignite's public pool. Only
 * tenant administration is exercised here (it needs no vector grid); data calls are covered by
 * the node tests.
 */
class SdkEntryTaskTest {
    private static final String ADMIN = "admin-key-for-sdk-tests-0123";

    private static Ignite ignite;
    private static SdkEndpoint endpoint;
    private static IgniteClient client;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(2);
        ignite = PlainIgnite.start("sdk", 0, ports, PlainIgnite.workDir("sdk"));
        Clock clock = Clock.systemUTC();
        TenantStore tenants = new TenantStore(MetadataCaches.tenants(ignite), clock);
        ApiKeyStore keys = new ApiKeyStore(MetadataCaches.apiKeys(ignite), clock, new SecureRandom());
        Authenticator auth = new Authenticator(keys, Optional.of(ADMIN), Duration.ofSeconds(5), clock);
        AdminApi admin = new AdminApi(new TenantAdmin(tenants, keys, null, auth::invalidate), null, null, null,
                new AuditLog(clock));
        endpoint = SdkEndpoint.register(ignite, new SdkDispatcher(auth, new IndexApi(null, null, null, null),
                new VectorApi(null, null, null, null, null), admin), 4, 100);
        client = Ignition.startClient(new ClientConfiguration().setAddresses("127.0.0.1:" + ports.thin()));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        endpoint.close();
        Ignition.stop(ignite.name(), true);
    }

    private static SdkReply call(String method, String key, Message payload) throws Exception {
        byte[] call = SdkCall.newBuilder().setMethod(method).setApiKey(key).setPayload(payload.toByteString()).build().toByteArray();
        byte[] reply = client.compute().execute(SdkEntryTask.class.getName(), call);
        return SdkReply.parseFrom(reply);
    }

    @Test
    void adminCallsRunThroughTheSameApiAsGrpc() throws Exception {
        SdkReply created = call(AdminServiceGrpc.getCreateTenantMethod().getFullMethodName(), ADMIN,
                CreateTenantRequest.newBuilder().setId("sdk-tenant").setDisplayName("SDK").build());
        assertThat(created.getStatusCode()).as(created.getStatusMessage()).isZero();
        CreateTenantResponse response = CreateTenantResponse.parseFrom(created.getPayload());
        assertThat(response.getApiKey()).startsWith("pyr_");

        SdkReply listed = call(AdminServiceGrpc.getListTenantsMethod().getFullMethodName(), ADMIN, ListTenantsRequest.getDefaultInstance());
        assertThat(ListTenantsResponse.parseFrom(listed.getPayload()).getTenantsList()).anyMatch(t -> t.getId().equals("sdk-tenant"));

        SdkReply denied = call(AdminServiceGrpc.getListTenantsMethod().getFullMethodName(), response.getApiKey(),
                ListTenantsRequest.getDefaultInstance());
        assertThat(denied.getStatusCode()).isEqualTo(7);
        assertThat(denied.getStatusMessage()).contains("needs the cluster admin key");

        SdkReply duplicate = call(AdminServiceGrpc.getCreateTenantMethod().getFullMethodName(), ADMIN,
                CreateTenantRequest.newBuilder().setId("sdk-tenant").build());
        assertThat(duplicate.getStatusCode()).isEqualTo(6);
    }

    @Test
    void authFailuresAndBadEnvelopesGetGrpcStatusCodes() throws Exception {
        String search = VectorServiceGrpc.getSearchMethod().getFullMethodName();
        SdkReply missing = call(search, "", SearchRequest.getDefaultInstance());
        assertThat(missing.getStatusCode()).isEqualTo(16);
        SdkReply unknownKey = call(search, "pyr_unknown", SearchRequest.getDefaultInstance());
        assertThat(unknownKey.getStatusCode()).isEqualTo(16);
        assertThat(unknownKey.getStatusMessage()).isEqualTo("invalid or revoked API key");
        SdkReply adminOnData = call(search, ADMIN, SearchRequest.getDefaultInstance());
        assertThat(adminOnData.getStatusCode()).isEqualTo(7);
        SdkReply unknownMethod = call("pyrope.v1.VectorService/Nope", ADMIN, SearchRequest.getDefaultInstance());
        assertThat(unknownMethod.getStatusCode()).isEqualTo(12);

        byte[] garbage = {(byte) 0xff, 0x01, 0x02};
        SdkReply bad = SdkReply.parseFrom((byte[]) client.compute().execute(SdkEntryTask.class.getName(), garbage));
        assertThat(bad.getStatusCode()).isEqualTo(3);

        SdkCall badPayload = SdkCall.newBuilder().setMethod(AdminServiceGrpc.getCreateTenantMethod().getFullMethodName())
                .setApiKey(ADMIN).setPayload(ByteString.copyFrom(garbage)).build();
        SdkReply badPayloadReply = SdkReply.parseFrom((byte[]) client.compute().execute(SdkEntryTask.class.getName(), badPayload.toByteArray()));
        assertThat(badPayloadReply.getStatusCode()).isEqualTo(3);
        assertThat(badPayloadReply.getStatusMessage()).contains("cannot parse the payload");
    }

    @Test
    void manyConcurrentCallsCompleteWhileParkedOffThePublicPool() throws Exception {
        // More calls in flight than the public pool (4 threads) and the SDK executor (4) have threads.
        byte[] call = SdkCall.newBuilder().setMethod(AdminServiceGrpc.getListTenantsMethod().getFullMethodName())
                .setApiKey(ADMIN).setPayload(ListTenantsRequest.getDefaultInstance().toByteString()).build().toByteArray();
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(client.compute().executeAsync2(SdkEntryTask.class.getName(), call));
        }
        for (Future<Object> f : futures) {
            assertThat(SdkReply.parseFrom((byte[]) f.get(20, java.util.concurrent.TimeUnit.SECONDS)).getStatusCode()).isZero();
        }
    }
}
