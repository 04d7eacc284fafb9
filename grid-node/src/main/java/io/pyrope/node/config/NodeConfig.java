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
                         Budgets budgets, Tenants tenants, Embedding embedding, Caches caches, int portOffset) {

    /** @param name Ignite instance name and consistent id; never empty once bound */
    public record Node(String name, String host, Path workDir) {
    }

    /**
     * @param maxStreamMessages          messages one UpsertStream may carry
     * @param maxStreamsPerTenant        UpsertStreams one tenant may have open at once, per node
     */
    public record Grpc(int port, int maxInboundMessageMb, int maxStreamMessages, int maxStreamsPerTenant) {
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

    /**
     * @param baselineWaitMs with persistence, how long a restarting node waits for the missing
     *                       members of the cluster's baseline before it activates the cluster
     *                       without them (0 = wait for all of them, however long it takes)
     */
    public record Storage(long memoryMb, boolean persistence, long baselineWaitMs) {
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
     * @param usageFlushMs     how often a node adds its tenants' charges to the cluster-wide usage (the
     *                         spend another node may not see yet is at most this long's worth)
     * @param nodeLatencyP99Ms SLO guardrail for the whole node: search p99 target in ms (0 = off)
     */
    public record Budgets(int usageFlushMs, int nodeLatencyP99Ms) {
    }

    /** @param seeds tenants declared in {@code tenants.file} (empty without one) */
    public record Tenants(List<io.pyrope.node.tenant.TenantSeed> seeds, String source) {
        public Tenants {
            seeds = List.copyOf(seeds);
        }
    }

    /**
     * Text input: where the co-located sidecar's embedding service listens and how vectors are cached.
     *
     * @param sidecarPort    already shifted by the port offset (bin/pyrope starts the sidecar there)
     * @param deadlineMs     deadline of every call to the sidecar ...
     * @param deadlinePerTextMs ... plus this much per text embedded in the call
     * @param cacheTtlDays   lifetime of a cached embedding, cluster-wide
     * @param frontEntries   node-local Caffeine front of the cluster-wide cache
     */
    public record Embedding(String sidecarHost, int sidecarPort, long deadlineMs, long deadlinePerTextMs, int cacheTtlDays,
                            int frontEntries) {
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
