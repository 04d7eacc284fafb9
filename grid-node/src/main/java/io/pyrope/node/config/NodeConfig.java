package io.pyrope.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A node's validated configuration, bound once from YAML and the environment by
 * {@link ConfigLoader}. Secrets are not part of it (see {@link Secrets}). The ports held here
 * already include the port offset.
 *
 * @param portOffset the offset that was added to every local port
 */
public record NodeConfig(Node node, Grpc grpc, Thin thin, Discovery discovery, Communication communication,
                         Metrics metrics, Cluster cluster, Storage storage, Indexing indexing, Auth auth,
                         Caches caches, int portOffset) {

    /** @param name Ignite instance name and consistent id; never empty once bound */
    public record Node(String name, String host, Path workDir) {
    }

    public record Grpc(int port, int maxInboundMessageMb) {
    }

    /** @param port 0 disables the thin-client connector */
    public record Thin(int port) {
    }

    public record Discovery(int port, int portRange, List<String> seeds) {
        public Discovery {
            seeds = List.copyOf(seeds);
        }
    }

    public record Communication(int port) {
    }

    /** @param port 0 = no metrics endpoint */
    public record Metrics(int port) {
    }

    public record Cluster(int partitions, int backups, long failureDetectionMs) {
    }

    public record Storage(long memoryMb, boolean persistence) {
    }

    /**
     * @param quietMs      graph builds wait until a shard has had no write for this long (0 = build at once)
     * @param maxUnindexed ... or until this many entries wait unindexed (scanned exactly meanwhile)
     */
    public record Indexing(int quietMs, int maxUnindexed) {
    }

    public record Auth(boolean createDefaultTenant, long keyCacheTtlMs) {
    }

    /**
     * Result caches and their freshness (YAML section {@code caches}).
     *
     * @param hotByIndex        "tenant/index" → writes per minute at which the TTL is half-way
     * @param semanticOverrides "tenant" or "tenant/index" → semantic similarity threshold
     */
    public record Caches(boolean enabled, long nearMaxMb, long ttlMinMs, long ttlMaxMs, double hotWritesPerMinute,
                         Map<String, Double> hotByIndex, long heatFlushMs, double semanticThreshold,
                         double semanticFloor, Map<String, Double> semanticOverrides, int semanticBucketSize,
                         long llmMaxEntriesPerTenant, long llmDefaultTtlSeconds, double aliasMinConfidence,
                         long aliasMaxPerTenant) {
        public Caches {
            hotByIndex = Map.copyOf(hotByIndex);
            semanticOverrides = Map.copyOf(semanticOverrides);
        }
    }

    /** This node's own work directory: {@code <node.workDir>/<node.name>}. */
    public Path nodeWorkDir() {
        return node.workDir().resolve(node.name());
    }

    /** "host:port" clients use to reach this node's gRPC server. */
    public String grpcAddress() {
        return node.host() + ":" + grpc.port();
    }
}
