package io.pyrope.node;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.config.Secrets;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A real single Pyrope node (grid + gRPC on loopback) started through the same config path as
 * {@code main}, with test ports and small memory, plus a plaintext channel to it.
 */
public final class NodeFixture implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String DEFAULT_KEY = "test-default-key-0123456789";

    private final PyropeNode node;
    private final ManagedChannel channel;

    private NodeFixture(PyropeNode node) {
        this.node = node;
        this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", node.services().grpcPort()).usePlaintext().build();
    }

    /** The environment a test node runs with: ports of the slot (sidecar: base + 50), 96 MB of off-heap, its own work dir. */
    public static Map<String, String> env(TestPorts ports, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("PYROPE_GRPC_PORT", Integer.toString(ports.grpc()));
        env.put("PYROPE_THIN_PORT", Integer.toString(ports.thin()));
        env.put("PYROPE_DISCOVERY_PORT", Integer.toString(ports.discovery()));
        env.put("PYROPE_DISCOVERY_SEEDS", ports.seeds());
        env.put("PYROPE_COMMUNICATION_PORT", Integer.toString(ports.communication()));
        env.put("PYROPE_METRICS_PORT", Integer.toString(ports.metrics()));
        // The slot's own sidecar port (nothing listens there unless the test starts a sidecar): a
        // test node never reports accesses to, or embeds with, some other run's sidecar.
        env.put("PYROPE_EMBEDDING_SIDECAR_PORT", Integer.toString(ports.base() + 50));
        env.put("PYROPE_STORAGE_MEMORY_MB", "96");
        env.put("PYROPE_CLUSTER_PARTITIONS", "32");
        env.put("PYROPE_CLUSTER_FAILURE_DETECTION_MS", "5000");
        env.put("PYROPE_NODE_WORK_DIR", PlainIgnite.workDir(name).toAbsolutePath().toString());
        return env;
    }

    public static NodeFixture start(TestPorts ports, String name, Map<String, String> extraEnv) {
        return start(ports, name, extraEnv, Clock.systemUTC());
    }

    /** A node whose Pyrope code takes time from {@code clock} (Ignite keeps its own). */
    public static NodeFixture start(TestPorts ports, String name, Map<String, String> extraEnv, Clock clock) {
        Map<String, String> env = env(ports, name);
        env.putAll(extraEnv);
        NodeConfig config = new ConfigLoader(env).load(Optional.empty(), OptionalInt.empty());
        Secrets secrets = new Secrets(Optional.of(ADMIN_KEY), Optional.of(DEFAULT_KEY));
        return new NodeFixture(PyropeNode.start(config, secrets, clock));
    }

    public PyropeNode node() {
        return node;
    }

    public ManagedChannel channel() {
        return channel;
    }

    public static <S extends AbstractStub<S>> S withKey(S stub, String key) {
        if (key == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public IndexServiceGrpc.IndexServiceBlockingStub indexes(String key) {
        return withKey(IndexServiceGrpc.newBlockingStub(channel), key);
    }

    public VectorServiceGrpc.VectorServiceBlockingStub vectors(String key) {
        return withKey(VectorServiceGrpc.newBlockingStub(channel), key);
    }

    public VectorServiceGrpc.VectorServiceStub vectorsAsync(String key) {
        return withKey(VectorServiceGrpc.newStub(channel), key);
    }

    public AdminServiceGrpc.AdminServiceBlockingStub admin(String key) {
        return withKey(AdminServiceGrpc.newBlockingStub(channel), key);
    }

    public static Vector vector(String id, float... values) {
        Vector.Builder b = Vector.newBuilder().setId(id);
        for (float v : values) {
            b.addValues(v);
        }
        return b.build();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        node.close();
    }
}
