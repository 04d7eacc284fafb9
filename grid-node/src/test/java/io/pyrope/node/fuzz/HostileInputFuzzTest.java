package io.pyrope.node.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.DeleteAliasRequest;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DeleteTenantRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.GetAliasRequest;
import io.pyrope.api.v1.GetRequest;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.KeyRole;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.SearchBatchRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SetAliasRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.ServedServices;
import io.pyrope.node.TestPorts;
import io.pyrope.node.grpc.RawBytesMarshaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static io.pyrope.node.NodeFixture.vector;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against every method of every {@code pyrope.v1} service the real server offers
 * (found through server reflection, so a service or method added later is fuzzed too — and the
 * test fails until it has a seed request here). Each case sends mutated wire bytes through a raw
 * {@link ClientCall} with a byte marshaller: field edges (empty/huge/odd strings, 0/-1/MIN/MAX,
 * NaN/Inf, unknown enums, thousands of repeated elements), invalid UTF-8, another method's
 * message, random messages, bit flips, truncation and random bytes.
 *
 * <p>Holds when: every call ends within its deadline; every status is a deliberate one (never
 * UNKNOWN, INTERNAL, DEADLINE_EXCEEDED, nor UNAVAILABLE other than the documented "text input
 * needs the embedding sidecar") with a message; every rejected call leaves
 * the observable state (tenants, policies, indexes and counts, the stored vectors' content)
 * unchanged; afterwards health is SERVING and a valid search still answers. Seeded: the seed is
 * printed, and {@code -Dpyrope.fuzz.seed=N} replays a run ({@code -Dpyrope.fuzz.cases=N} sets the
 * cases per method).
 */
class HostileInputFuzzTest {
    private static final long SEED = Long.getLong("pyrope.fuzz.seed", System.nanoTime());
    private static final int CASES = Integer.getInteger("pyrope.fuzz.cases", 60);
    private static final String INDEX = "idx";
    private static final int DIM = 4;
    private static final Set<Status.Code> DELIBERATE = EnumSet.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
            Status.Code.ALREADY_EXISTS, Status.Code.PERMISSION_DENIED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.FAILED_PRECONDITION,
            Status.Code.OUT_OF_RANGE, Status.Code.UNAUTHENTICATED);
    private static NodeFixture fixture;
    private static String tenantKey;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(TestPorts.slot(21), "fuzz", Map.of("PYROPE_GRPC_MAX_INBOUND_MESSAGE_MB", "4"));
        var admin = fixture.admin(NodeFixture.ADMIN_KEY);
        tenantKey = admin.createTenant(CreateTenantRequest.newBuilder().setId("fz").build()).getApiKey();
        admin.createTenant(CreateTenantRequest.newBuilder().setId("fz-victim").build());
        admin.createTenant(CreateTenantRequest.newBuilder().setId("fz-doomed").build());
        // A rate limit would turn most cases into RESOURCE_EXHAUSTED before validation ran.
        admin.setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId("fz")
                .setQuotas(TenantQuotas.newBuilder().setRequestsPerSecond(1e6).setBurst(1_000_000).setMaxVectors(1_000_000)
                        .setMaxIndexes(1_000))
                .setBudget(BudgetPolicy.newBuilder().setMonthlyBudget(1e12)).build());
        restore();
    }

    /**
     * Puts back what an accepted case may legitimately have removed: another method's bytes can
     * parse as a valid request (IssueKey{tenant_id} read as DeleteTenant{id}, Search{index} as
     * DropIndex{name}), so the victim tenant and the index can be gone. No seed names tenant fz.
     */
    private static void restore() {
        var admin = fixture.admin(NodeFixture.ADMIN_KEY);
        if (admin.listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList().stream().noneMatch(t -> t.getId().equals("fz-victim"))) {
            admin.createTenant(CreateTenantRequest.newBuilder().setId("fz-victim").build());
        }
        if (fixture.indexes(tenantKey).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesList().stream()
                .noneMatch(d -> d.getSpec().getName().equals(INDEX))) {
            fixture.indexes(tenantKey).createIndex(CreateIndexRequest.newBuilder().setSpec(spec(INDEX)).build());
        }
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(INDEX);
        for (int i = 0; i < 10; i++) {
            up.addVectors(vector("v" + i, i, 1, -i, 0.5f).toBuilder().putMetadata("n", Integer.toString(i)));
        }
        fixture.vectors(tenantKey).upsert(up.build());
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static IndexSpec spec(String name) {
        return IndexSpec.newBuilder().setName(name).setDimension(DIM).setMetric(Metric.COSINE).build();
    }

    private static SearchRequest search() {
        return SearchRequest.newBuilder().setIndex(INDEX).addQuery(1).addQuery(0.5f).addQuery(-1).addQuery(0).setTopK(3)
                .setIncludeMetadata(true).build();
    }

    /** A valid request per method; the fuzzer refuses to run while a served method has none. */
    private static Map<String, Message> seeds() {
        Map<String, Message> s = new LinkedHashMap<>();
        s.put("pyrope.v1.AdminService/CreateTenant", CreateTenantRequest.newBuilder().setId("fz-new").setDisplayName("New").build());
        s.put("pyrope.v1.AdminService/ListTenants", ListTenantsRequest.getDefaultInstance());
        s.put("pyrope.v1.AdminService/DeleteTenant", DeleteTenantRequest.newBuilder().setId("fz-doomed").build());
        s.put("pyrope.v1.AdminService/IssueKey", IssueKeyRequest.newBuilder().setTenantId("fz-victim").setRole(KeyRole.READER).build());
        s.put("pyrope.v1.AdminService/RevokeKey", RevokeKeyRequest.newBuilder().setKeyId("no-such-key").build());
        s.put("pyrope.v1.AdminService/ClusterInfo", ClusterInfoRequest.getDefaultInstance());
        s.put("pyrope.v1.AdminService/SetTenantPolicy", SetTenantPolicyRequest.newBuilder().setTenantId("fz-victim")
                .setQuotas(TenantQuotas.newBuilder().setRequestsPerSecond(50).setBurst(10)).build());
        s.put("pyrope.v1.AdminService/GetTenantPolicy", GetTenantPolicyRequest.newBuilder().setTenantId("fz-victim").build());
        s.put("pyrope.v1.AdminService/GetUsage", GetUsageRequest.newBuilder().setTenantId("fz-victim").setYear(2026).setMonth(11).build());
        s.put("pyrope.v1.IndexService/CreateIndex", CreateIndexRequest.newBuilder().setSpec(spec("fz-made")).build());
        s.put("pyrope.v1.IndexService/DescribeIndex", DescribeIndexRequest.newBuilder().setName(INDEX).build());
        s.put("pyrope.v1.IndexService/ListIndexes", ListIndexesRequest.getDefaultInstance());
        s.put("pyrope.v1.IndexService/DropIndex", DropIndexRequest.newBuilder().setName("fz-made").build());
        UpsertRequest upsert = UpsertRequest.newBuilder().setIndex(INDEX).addVectors(vector("w1", 1, 2, 3, 4)).build();
        s.put("pyrope.v1.VectorService/Upsert", upsert);
        s.put("pyrope.v1.VectorService/UpsertStream", upsert);
        s.put("pyrope.v1.VectorService/Get", GetRequest.newBuilder().setIndex(INDEX).addIds("v1").addIds("v2").setIncludeVectors(true).build());
        s.put("pyrope.v1.VectorService/Delete", DeleteRequest.newBuilder().setIndex(INDEX).addIds("w1").build());
        s.put("pyrope.v1.VectorService/Search", search());
        s.put("pyrope.v1.VectorService/SearchBatch", SearchBatchRequest.newBuilder().addSearches(search()).addSearches(search()).build());
        CacheEntry entry = CacheEntry.newBuilder().addEmbedding(1).addEmbedding(0).addEmbedding(0).addEmbedding(0)
                .setResponse(ByteString.copyFromUtf8("answer")).putMetadata("model", "m1").setTtlSeconds(60).build();
        s.put("pyrope.v1.CacheService/Put", CachePutRequest.newBuilder().setNamespace("fz-ns").setEntry(entry).build());
        s.put("pyrope.v1.CacheService/BulkPut", CacheBulkPutRequest.newBuilder().setNamespace("fz-ns").addEntries(entry).build());
        s.put("pyrope.v1.CacheService/Lookup", CacheLookupRequest.newBuilder().setNamespace("fz-ns").addEmbedding(1)
                .addEmbedding(0).addEmbedding(0).addEmbedding(0).setThreshold(0.9f).build());
        s.put("pyrope.v1.CacheService/Invalidate", CacheInvalidateRequest.newBuilder().setNamespace("fz-ns").setAll(true).build());
        s.put("pyrope.v1.CacheService/Stats", CacheStatsRequest.newBuilder().setNamespace("fz-ns").build());
        s.put("pyrope.v1.CacheService/SetAlias", SetAliasRequest.newBuilder().setIndex(INDEX).setQueryKey("q1")
                .setCanonicalKey("q2").setConfidence(0.9f).setTtlSeconds(60).build());
        s.put("pyrope.v1.CacheService/GetAlias", GetAliasRequest.newBuilder().setIndex(INDEX).setQueryKey("q1").build());
        s.put("pyrope.v1.CacheService/DeleteAlias", DeleteAliasRequest.newBuilder().setIndex(INDEX).setQueryKey("q1").build());
        return s;
    }

    @Test
    void everyPyropeMethodSurvivesHostileInput() throws Exception {
        System.out.println("HostileInputFuzzTest seed=" + SEED + " cases/method=" + CASES + " (replay: -Dpyrope.fuzz.seed=" + SEED + ")");
        List<MethodDescriptor<?, ?>> methods = servedPyropeMethods();
        Map<String, Message> seeds = seeds();
        List<String> unseeded = methods.stream().map(MethodDescriptor::getFullMethodName).filter(m -> !seeds.containsKey(m)).toList();
        assertThat(unseeded).as("served pyrope.v1 methods without a seed request in HostileInputFuzzTest.seeds(): add one").isEmpty();
        assertThat(methods).hasSizeGreaterThanOrEqualTo(27);

        Random random = new Random(SEED);
        ProtoMutator mutator = new ProtoMutator(random);
        List<Message> all = new ArrayList<>(seeds.values());
        List<String> failures = new ArrayList<>();
        Map<Status.Code, Integer> outcomes = new java.util.TreeMap<>();
        String before = snapshot();
        for (MethodDescriptor<?, ?> method : methods) {
            Message seed = seeds.get(method.getFullMethodName());
            for (int i = 0; i < CASES; i++) {
                List<ProtoMutator.Mutant> sent = new ArrayList<>();
                int messages = method.getType().clientSendsOneMessage() ? 1 : 1 + random.nextInt(3);
                for (int m = 0; m < messages; m++) {
                    sent.add(mutator.mutate(seed, all));
                }
                String where = method.getFullMethodName() + " case " + i + " [" + sent.stream().map(ProtoMutator.Mutant::label)
                        .collect(Collectors.joining("; ")) + "]";
                Status status = call(method, sent);
                outcomes.merge(status.getCode(), 1, Integer::sum);
                if (!DELIBERATE.contains(status.getCode()) && !sidecarDown(status)) {
                    failures.add(where + " -> " + status.getCode() + ": " + status.getDescription());
                } else if (!status.isOk() && (status.getDescription() == null || status.getDescription().isBlank())) {
                    failures.add(where + " -> " + status.getCode() + " without a message");
                }
                if (status.isOk()) {
                    restore();
                }
                String after = snapshot();
                // A failed client stream keeps the vectors of its earlier messages (documented in
                // vector.proto), so there only the parts no seed writes must be unchanged.
                boolean changed = method.getType().clientSendsOneMessage() ? !after.equals(before)
                        : !withoutCounts(after).equals(withoutCounts(before));
                if (!status.isOk() && changed) {
                    failures.add(where + " -> rejected with " + status.getCode() + " but changed the state:\n  before " + before
                            + "\n  after  " + after);
                }
                before = after;
            }
        }
        System.out.println("HostileInputFuzzTest outcomes: " + outcomes);
        assertThat(failures).as("seed " + SEED + ": " + failures.size() + " failures").isEmpty();

        HealthCheckResponse health = HealthGrpc.newBlockingStub(fixture.channel()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance());
        assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(fixture.vectors(tenantKey).search(search()).getHitsCount()).isEqualTo(3);
        assertThat(outcomes.get(Status.Code.OK)).as("some mutants are valid and accepted").isPositive();
        assertThat(outcomes.get(Status.Code.INVALID_ARGUMENT)).as("most are rejected as invalid").isGreaterThan(CASES);
    }

    /** Sends the messages through a raw byte-level call with the method's key and a deadline; the final status. */
    private static Status call(MethodDescriptor<?, ?> method, List<ProtoMutator.Mutant> messages) throws Exception {
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder().setType(method.getType())
                .setFullMethodName(method.getFullMethodName()).setRequestMarshaller(RawBytesMarshaller.INSTANCE)
                .setResponseMarshaller(RawBytesMarshaller.INSTANCE).build();
        ClientCall<byte[], byte[]> call = fixture.channel().newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        Metadata headers = new Metadata();
        String key = method.getServiceName().equals("pyrope.v1.AdminService") ? NodeFixture.ADMIN_KEY : tenantKey;
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, headers);
        call.request(Integer.MAX_VALUE);
        for (ProtoMutator.Mutant m : messages) {
            call.sendMessage(m.bytes());
        }
        call.halfClose();
        try {
            return closed.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            call.cancel("fuzz case hung", null);
            return Status.DEADLINE_EXCEEDED.withDescription("no status within 30 s: the server hung");
        }
    }

    /** Text input without the embedding sidecar (not started here) is a documented, explained UNAVAILABLE. */
    private static boolean sidecarDown(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE && status.getDescription() != null
                && status.getDescription().contains("needs the embedding sidecar");
    }

    private static String withoutCounts(String snapshot) {
        return snapshot.replaceAll(" n=\\d+", "");
    }

    /** What a rejected call must not change: tenants, the victim's policy, the tenant's indexes and counts, v0..v9's content. */
    private static String snapshot() {
        var admin = fixture.admin(NodeFixture.ADMIN_KEY);
        String tenants = admin.listTenants(ListTenantsRequest.getDefaultInstance()).getTenantsList().stream()
                .map(t -> t.getId() + "/" + t.getDisplayName()).sorted().collect(Collectors.joining(","));
        String policy = admin.getTenantPolicy(GetTenantPolicyRequest.newBuilder().setTenantId("fz-victim").build()).toString();
        String indexes = fixture.indexes(tenantKey).listIndexes(ListIndexesRequest.getDefaultInstance()).getIndexesList().stream()
                .map(d -> d.getSpec().toString().replace('\n', ' ') + " n=" + d.getVectorCount()).sorted()
                .collect(Collectors.joining(","));
        GetRequest.Builder get = GetRequest.newBuilder().setIndex(INDEX).setIncludeVectors(true);
        for (int i = 0; i < 10; i++) {
            get.addIds("v" + i);
        }
        String content = fixture.vectors(tenantKey).get(get.build()).getVectorsList().toString();
        return "tenants=[" + tenants + "] policy=[" + policy.replace('\n', ' ') + "] indexes=[" + indexes + "] content#"
                + content.hashCode();
    }

    /** Every method of every pyrope.v1 service the server lists through reflection, via its generated descriptor. */
    private static List<MethodDescriptor<?, ?>> servedPyropeMethods() throws Exception {
        List<String> services = ServedServices.list(fixture.channel()).stream().filter(n -> n.startsWith("pyrope.v1.")).sorted().toList();
        assertThat(services).as("pyrope.v1 services served").isNotEmpty();
        List<MethodDescriptor<?, ?>> methods = new ArrayList<>();
        for (String service : services) {
            String simple = service.substring("pyrope.v1.".length());
            Class<?> grpc = Class.forName("io.pyrope.api.v1." + simple + "Grpc");
            ServiceDescriptor descriptor = (ServiceDescriptor) grpc.getMethod("getServiceDescriptor").invoke(null);
            Descriptors.ServiceDescriptor schema = ((ProtoServiceDescriptorSupplier) descriptor.getSchemaDescriptor()).getServiceDescriptor();
            assertThat(descriptor.getMethods()).as(service).hasSize(schema.getMethods().size());
            methods.addAll(descriptor.getMethods());
        }
        methods.sort(java.util.Comparator.comparing(MethodDescriptor::getFullMethodName));
        return methods;
    }
}
