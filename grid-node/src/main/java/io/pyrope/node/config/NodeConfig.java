package io.pyrope.node.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's validated configuration, bound once from YAML and the environment by
 * {@link ConfigLoader}. API keys are not part of it (see {@link Secrets}); store and Ignite
 * passwords are, as {@link Secret}s that never print. The ports held here already include the port offset.
 *
 * @param portOffset the offset that was added to every local port
 */
public record NodeConfig(Node node, Grpc grpc, Thin thin, Discovery discovery, Communication communication,
                         Metrics metrics, Cluster cluster, Storage storage, Indexing indexing, Auth auth,
                         Budgets budgets, Tenants tenants, Embedding embedding, Caches caches, Advice advice,
                         Prefetch prefetch, Security security, Tls tls, int portOffset) {

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
                         double looseFloor, Map<String, Double> looseFloorOverrides, double looseFromCost,
                         double looseAtCost, int fillsInFlight,
                         long llmMaxEntriesPerTenant, long llmDefaultTtlSeconds, double aliasMinConfidence,
                         long aliasMaxPerTenant) {
        public Caches {
            hotByIndex = Map.copyOf(hotByIndex);
            semanticOverrides = Map.copyOf(semanticOverrides);
            looseFloorOverrides = Map.copyOf(looseFloorOverrides);
        }
    }

    /**
     * Ignite authentication on the thin-client port (YAML section {@code security}).
     *
     * @param ignitePassword password of Ignite's user {@code ignite}; present exactly when authentication is on
     */
    public record Security(boolean authentication, Optional<Secret> ignitePassword) {
        public static final String IGNITE_USER = "ignite";
    }

    /** A key or trust store file, its format, and its password (from the environment). */
    public record StoreFile(Path path, String type, Secret password) {
    }

    /**
     * TLS switches (YAML section {@code tls}). Bound only in valid combinations: a switch that is on has
     * the stores it needs.
     *
     * @param grid       discovery and communication between nodes (mutual TLS)
     * @param thinClient the thin-client port
     * @param grpc       the gRPC port
     */
    public record Tls(Optional<StoreFile> keyStore, Optional<StoreFile> trustStore, boolean grid, boolean thinClient,
                      boolean grpc) {
        public static final Tls OFF = new Tls(Optional.empty(), Optional.empty(), false, false, false);
    }

    /**
     * Advice from the co-located sidecar (YAML section {@code advice}; the sidecar is the one at
     * {@code embedding.sidecarHost/sidecarPort}). Nothing here is on a search's path: accesses go
     * to a bounded queue, every call has a deadline and goes through a circuit breaker.
     *
     * @param enabled          false = never call the sidecar for advice (no reports, rules, TTLs or aliases)
     * @param deadlineMs       deadline of every advice call
     * @param breakerFailures  consecutive failed calls that open the circuit
     * @param breakerOpenMs    how long an open circuit refuses calls before one probe is let through
     * @param reportQueue      accesses waiting to be reported; beyond it they are dropped and counted
     * @param reportBatch      accesses per ReportAccesses call
     * @param reportIntervalMs how often the queue is drained
     * @param rulesPullMs      how often the prefetch rules of recently searched indexes are pulled
     * @param rulesMaxAgeMs    rules not refreshed for this long (sidecar down) are no longer used
     * @param ttlAdvice        ask for TTL advice per cluster; it overrides the heat-derived TTL within caches.ttlMinMs..ttlMaxMs
     * @param ttlPullMs        how often TTL advice is asked for
     * @param aliasAdvice      ask for canonical aliases of recent query keys; confident ones go to the alias store
     * @param aliasPullMs      how often alias suggestions are asked for
     * @param aliasTtlSeconds  lifetime of a suggested alias
     */
    public record Advice(boolean enabled, long deadlineMs, int breakerFailures, long breakerOpenMs, int reportQueue,
                         int reportBatch, long reportIntervalMs, long rulesPullMs, long rulesMaxAgeMs, boolean ttlAdvice,
                         long ttlPullMs, boolean aliasAdvice, long aliasPullMs, long aliasTtlSeconds) {
    }

    /**
     * Prefetch (YAML section {@code prefetch}): for a search in cluster c, the clusters the
     * sidecar predicts next with at least {@code threshold} probability are warmed by background
     * searches at their centroids, charged to the tenant as prefetch, skipped while its budget is short.
     *
     * @param maxTargets clusters warmed per search at most, most probable first
     * @param threads    background search threads
     * @param queue      warm-ups waiting for a thread; beyond it they are skipped and counted
     * @param rewarmMs   a cluster (of one index and query shape) is not warmed again within this long
     */
    public record Prefetch(boolean enabled, double threshold, int maxTargets, int threads, int queue, long rewarmMs) {
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
