package io.pyrope.bench;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.VectorServiceGrpc;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A plaintext gRPC channel to a node with the API key on every call, and the option parsing of
 * the workloads that take {@code --name value} pairs ({@code --workload zipf-cache}, {@code sessions}).
 */
final class BenchChannel implements AutoCloseable {
    private final ManagedChannel channel;
    private final ClientInterceptor auth;

    /** @param target host:port */
    BenchChannel(String target, String apiKey) {
        String[] hp = target.split(":");
        this.channel = ManagedChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
        this.auth = MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    /** {@code --name value} pairs, with {@code --api-key} defaulting to the environment's key. */
    static Map<String, String> pairs(String[] args, String defaultApiKey) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        opts.putIfAbsent("--api-key", defaultApiKey == null ? "" : defaultApiKey);
        return opts;
    }

    static int num(Map<String, String> opts, String key, int dflt) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(dflt)));
    }

    static double dbl(Map<String, String> opts, String key, double dflt) {
        return Double.parseDouble(opts.getOrDefault(key, Double.toString(dflt)));
    }

    /** The node at {@code --target} (default 127.0.0.1:50051) with {@code --api-key}. */
    static BenchChannel connect(Map<String, String> opts) {
        return new BenchChannel(opts.getOrDefault("--target", "127.0.0.1:50051"), opts.get("--api-key"));
    }

    IndexServiceGrpc.IndexServiceBlockingStub indexes() {
        return IndexServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    }

    VectorServiceGrpc.VectorServiceBlockingStub vectors() {
        return VectorServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    }

    CacheServiceGrpc.CacheServiceBlockingStub cache() {
        return CacheServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
