package io.pyrope.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Binds a {@link NodeConfig}: the embedded default ({@value #EMBEDDED}), overlaid by an optional
 * file, overlaid by environment variables (see {@link #envName}), then shifted by the port offset
 * (flag, else {@value #PORT_OFFSET_ENV}). Every problem fails with {@link ConfigException} naming
 * the key and the reason.
 */
public final class ConfigLoader {
    public static final String EMBEDDED = "/pyrope-node.yaml";
    public static final String PORT_OFFSET_ENV = "PYROPE_PORT_OFFSET";
    public static final int MAX_PORT_OFFSET = 1000;

    private static final Pattern SEED = Pattern.compile("[^:\\s]+:\\d{1,5}(\\.\\.\\d{1,5})?");

    private final Map<String, String> env;

    /** @param env the process environment (tests pass their own map) */
    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** The environment variable that overrides {@code key}, e.g. {@code grpc.port} → {@code PYROPE_GRPC_PORT}. */
    public static String envName(String key) {
        return ConfigTree.envName(key);
    }

    /** Every key of the embedded default, in file order. */
    public static List<String> knownKeys() {
        return List.copyOf(embedded().leaves().keySet());
    }

    public NodeConfig load(Optional<Path> file, OptionalInt portOffsetFlag) {
        ConfigTree tree = embedded();
        if (file.isPresent()) {
            tree = tree.overlay(readFile(file.get()), file.get().toString());
        }
        tree = tree.overlayEnv(env);
        int offset = portOffset(portOffsetFlag);
        return bind(new ConfigReader(tree), offset);
    }

    private int portOffset(OptionalInt flag) {
        if (flag.isPresent()) {
            return checkOffset("--port-offset", flag.getAsInt());
        }
        String v = env.get(PORT_OFFSET_ENV);
        if (v == null || v.isBlank()) {
            return 0;
        }
        try {
            return checkOffset(PORT_OFFSET_ENV, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            throw new ConfigException(PORT_OFFSET_ENV, "must be an integer, got '" + v + "'");
        }
    }

    private static int checkOffset(String key, int offset) {
        if (offset < 0 || offset > MAX_PORT_OFFSET) {
            throw new ConfigException(key, "must be 0.." + MAX_PORT_OFFSET + ", got " + offset);
        }
        return offset;
    }

    private NodeConfig bind(ConfigReader r, int offset) {
        int grpcPort = shift("grpc.port", r.port("grpc.port", false), offset);
        String name = r.string("node.name");
        if (name.isEmpty()) {
            name = "node-" + grpcPort;
        } else if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new ConfigException("node.name", "must be 1..64 characters of [A-Za-z0-9_.-], got '" + name + "'");
        }
        NodeConfig.Node node = new NodeConfig.Node(name, r.nonEmpty("node.host"), r.path("node.workDir"));
        NodeConfig.Grpc grpc = new NodeConfig.Grpc(grpcPort, r.intIn("grpc.maxInboundMessageMb", 1, 1024),
                r.intIn("grpc.maxStreamMessages", 1, 100_000_000), r.intIn("grpc.maxStreamsPerTenant", 1, 10_000));
        NodeConfig.Thin thin = new NodeConfig.Thin(shift("thin.port", r.port("thin.port", true), offset));
        NodeConfig.Discovery discovery = new NodeConfig.Discovery(
                shift("discovery.port", r.port("discovery.port", false), offset),
                r.intIn("discovery.portRange", 0, 100), seeds(r));
        NodeConfig.Communication communication = new NodeConfig.Communication(
                shift("communication.port", r.port("communication.port", false), offset));
        NodeConfig.Metrics metrics = new NodeConfig.Metrics(shift("metrics.port", r.port("metrics.port", true), offset));
        NodeConfig.Cluster cluster = new NodeConfig.Cluster(r.intIn("cluster.partitions", 1, 65_000),
                r.intIn("cluster.backups", 0, 16), r.longIn("cluster.failureDetectionMs", 1_000, 600_000));
        NodeConfig.Storage storage = new NodeConfig.Storage(r.longIn("storage.memoryMb", 32, 1L << 22),
                r.bool("storage.persistence"), r.longIn("storage.baselineWaitMs", 0, 7L * 24 * 3_600_000));
        NodeConfig.Indexing indexing = new NodeConfig.Indexing(r.intIn("indexing.quietMs", 0, 60_000),
                r.intIn("indexing.maxUnindexed", 256, 10_000_000));
        NodeConfig.Auth auth = new NodeConfig.Auth(r.bool("auth.createDefaultTenant"),
                r.longIn("auth.keyCacheTtlMs", 0, 3_600_000));
        NodeConfig.Budgets budgets = new NodeConfig.Budgets(r.intIn("budgets.usageFlushMs", 10, 60_000),
                r.intIn("budgets.nodeLatencyP99Ms", 0, 600_000));
        String tenantsFile = r.string("tenants.file");
        NodeConfig.Tenants tenants = tenantsFile.isEmpty() ? new NodeConfig.Tenants(List.of(), "")
                : new NodeConfig.Tenants(TenantsFile.read(Path.of(tenantsFile)), tenantsFile);
        NodeConfig.Embedding embedding = new NodeConfig.Embedding(r.nonEmpty("embedding.sidecarHost"),
                shift("embedding.sidecarPort", r.port("embedding.sidecarPort", false), offset),
                r.longIn("embedding.deadlineMs", 10, 600_000), r.longIn("embedding.deadlinePerTextMs", 0, 60_000),
                r.intIn("embedding.cacheTtlDays", 1, 3650),
                r.intIn("embedding.frontEntries", 0, 10_000_000));
        SecurityBinder security = new SecurityBinder(r, env);
        NodeConfig config = new NodeConfig(node, grpc, thin, discovery, communication, metrics, cluster, storage, indexing,
                auth, budgets, tenants, embedding, caches(r), advice(r), prefetch(r), security.security(storage),
                security.tls(), offset);
        checkDistinctPorts(config);
        return config;
    }

    private static NodeConfig.Caches caches(ConfigReader r) {
        long ttlMin = r.longIn("caches.ttlMinMs", 1, 86_400_000);
        long ttlMax = r.longIn("caches.ttlMaxMs", 1, 86_400_000);
        if (ttlMax < ttlMin) {
            throw new ConfigException("caches.ttlMaxMs", "must be >= caches.ttlMinMs (" + ttlMin + "), got " + ttlMax);
        }
        double floor = r.doubleIn("caches.semanticFloor", 0.5, 1.0);
        double threshold = r.doubleIn("caches.semanticThreshold", floor, 1.0);
        double looseFrom = r.doubleIn("caches.looseFromCost", 0, 1e12);
        double looseAt = r.doubleIn("caches.looseAtCost", 0, 1e12);
        if (looseAt <= looseFrom) {
            throw new ConfigException("caches.looseAtCost", "must be > caches.looseFromCost (" + looseFrom + "), got " + looseAt);
        }
        return new NodeConfig.Caches(r.bool("caches.enabled"), r.longIn("caches.nearMaxMb", 1, 65_536), ttlMin, ttlMax,
                r.doubleIn("caches.hotWritesPerMinute", 0.001, 1e9),
                r.scopedDoubles("caches.hotByIndex", true, 0.001, 1e9),
                r.longIn("caches.heatFlushMs", 10, 60_000), threshold, floor,
                r.scopedDoubles("caches.semanticOverrides", false, floor, 1.0),
                r.intIn("caches.semanticBucketSize", 1, 256),
                r.doubleIn("caches.looseFloor", floor, 1.0),
                r.scopedDoubles("caches.looseFloorOverrides", false, floor, 1.0),
                looseFrom, looseAt, r.intIn("caches.fillsInFlight", 1, 100_000),
                r.longIn("caches.llmMaxEntriesPerTenant", 10, 100_000_000),
                r.longIn("caches.llmDefaultTtlSeconds", 1, 30L * 24 * 3600),
                r.doubleIn("caches.aliasMinConfidence", 0, 1), r.longIn("caches.aliasMaxPerTenant", 1, 100_000_000));
    }

    private static NodeConfig.Advice advice(ConfigReader r) {
        return new NodeConfig.Advice(r.bool("advice.enabled"), r.longIn("advice.deadlineMs", 1, 60_000),
                r.intIn("advice.breakerFailures", 1, 1_000), r.longIn("advice.breakerOpenMs", 10, 3_600_000),
                r.intIn("advice.reportQueue", 1, 10_000_000), r.intIn("advice.reportBatch", 1, 10_000),
                r.longIn("advice.reportIntervalMs", 1, 60_000), r.longIn("advice.rulesPullMs", 10, 3_600_000),
                r.longIn("advice.rulesMaxAgeMs", 10, 86_400_000), r.bool("advice.ttlAdvice"),
                r.longIn("advice.ttlPullMs", 10, 3_600_000), r.bool("advice.aliasAdvice"),
                r.longIn("advice.aliasPullMs", 10, 3_600_000), r.longIn("advice.aliasTtlSeconds", 1, 30L * 24 * 3600));
    }

    private static NodeConfig.Prefetch prefetch(ConfigReader r) {
        return new NodeConfig.Prefetch(r.bool("prefetch.enabled"), r.doubleIn("prefetch.threshold", 0.0, 1.0),
                r.intIn("prefetch.maxTargets", 1, 64), r.intIn("prefetch.threads", 1, 64),
                r.intIn("prefetch.queue", 1, 100_000), r.longIn("prefetch.rewarmMs", 0, 3_600_000));
    }

    private static List<String> seeds(ConfigReader r) {
        List<String> seeds = r.list("discovery.seeds");
        if (seeds.isEmpty()) {
            throw new ConfigException("discovery.seeds", "needs at least one host:port or host:from..to");
        }
        for (String s : seeds) {
            if (!SEED.matcher(s).matches()) {
                throw new ConfigException("discovery.seeds", "'" + s + "' is not host:port or host:from..to");
            }
        }
        return seeds;
    }

    /** Adds the offset to a port; 0 (off) stays 0. */
    private static int shift(String key, int port, int offset) {
        if (port == 0) {
            return 0;
        }
        int shifted = port + offset;
        if (shifted > 65535) {
            throw new ConfigException(key, "port " + port + " + offset " + offset + " exceeds 65535");
        }
        return shifted;
    }

    private static void checkDistinctPorts(NodeConfig c) {
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("grpc.port", c.grpc().port());
        ports.put("thin.port", c.thin().port());
        ports.put("discovery.port", c.discovery().port());
        ports.put("communication.port", c.communication().port());
        ports.put("metrics.port", c.metrics().port());
        Map<Integer, String> seen = new java.util.HashMap<>();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            String other = seen.putIfAbsent(e.getValue(), e.getKey());
            if (other != null) {
                throw new ConfigException(e.getKey(), "port " + e.getValue() + " is also " + other);
            }
        }
    }

    private static ConfigTree embedded() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(EMBEDDED)) {
            if (in == null) {
                throw new IllegalStateException("embedded default config " + EMBEDDED + " is missing from the classpath");
            }
            return ConfigTree.parse(in, "embedded " + EMBEDDED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ConfigTree readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ConfigTree.parse(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("--config", "file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        }
    }
}
