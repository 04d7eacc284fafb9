package io.pyrope.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static NodeConfig load(Map<String, String> env) {
        return new ConfigLoader(env).load(Optional.empty(), OptionalInt.empty());
    }

    @Test
    void embeddedDefaultsMatchTheDocumentedPorts() {
        NodeConfig c = load(Map.of());
        assertThat(c.grpc().port()).isEqualTo(50051);
        assertThat(c.thin().port()).isEqualTo(10800);
        assertThat(c.discovery().port()).isEqualTo(47500);
        assertThat(c.discovery().seeds()).containsExactly("127.0.0.1:47500..47509");
        assertThat(c.communication().port()).isEqualTo(47100);
        assertThat(c.metrics().port()).isEqualTo(9464);
        assertThat(c.node().host()).isEqualTo("127.0.0.1");
        assertThat(c.node().name()).isEqualTo("node-50051");
        assertThat(c.cluster().backups()).isEqualTo(1);
        assertThat(c.grpc().maxInboundMessageMb()).isEqualTo(64);
        assertThat(c.auth().createDefaultTenant()).isTrue();
        assertThat(c.portOffset()).isZero();
    }

    @Test
    void envNamesFollowThePathRule() {
        assertThat(ConfigLoader.envName("grpc.port")).isEqualTo("PYROPE_GRPC_PORT");
        assertThat(ConfigLoader.envName("grpc.maxInboundMessageMb")).isEqualTo("PYROPE_GRPC_MAX_INBOUND_MESSAGE_MB");
        assertThat(ConfigLoader.envName("node.workDir")).isEqualTo("PYROPE_NODE_WORK_DIR");
    }

    @Test
    void everyLeafIsOverriddenByItsEnvironmentVariable() {
        NodeConfig c = load(Map.of(
                "PYROPE_GRPC_PORT", "6000",
                "PYROPE_DISCOVERY_SEEDS", "10.0.0.1:47500, 10.0.0.2:47500..47502",
                "PYROPE_STORAGE_MEMORY_MB", "128",
                "PYROPE_STORAGE_PERSISTENCE", "true",
                "PYROPE_INDEXING_QUIET_MS", "0",
                "PYROPE_NODE_WORK_DIR", "/tmp/pyrope-x"));
        assertThat(c.grpc().port()).isEqualTo(6000);
        assertThat(c.discovery().seeds()).containsExactly("10.0.0.1:47500", "10.0.0.2:47500..47502");
        assertThat(c.storage().memoryMb()).isEqualTo(128);
        assertThat(c.storage().persistence()).isTrue();
        assertThat(c.indexing().quietMs()).isZero();
        assertThat(c.indexing().maxUnindexed()).as("file default").isEqualTo(32_768);
        assertThat(c.nodeWorkDir()).isEqualTo(Path.of("/tmp/pyrope-x/node-6000"));
        for (String key : ConfigLoader.knownKeys()) {
            assertThat(ConfigLoader.envName(key)).matches("PYROPE_[A-Z0-9_]+");
        }
    }

    @Test
    void portOffsetShiftsEveryLocalPortButNotTheSeeds() {
        NodeConfig c = new ConfigLoader(Map.of()).load(Optional.empty(), OptionalInt.of(2));
        assertThat(c.grpc().port()).isEqualTo(50053);
        assertThat(c.thin().port()).isEqualTo(10802);
        assertThat(c.discovery().port()).isEqualTo(47502);
        assertThat(c.communication().port()).isEqualTo(47102);
        assertThat(c.metrics().port()).isEqualTo(9466);
        assertThat(c.discovery().seeds()).containsExactly("127.0.0.1:47500..47509");
        assertThat(c.node().name()).isEqualTo("node-50053");
        assertThat(c.portOffset()).isEqualTo(2);
    }

    @Test
    void theEmbeddingSidecarPortFollowsTheOffsetLikeTheSidecarThatBinPyropeStarts() {
        NodeConfig c = new ConfigLoader(Map.of()).load(Optional.empty(), OptionalInt.of(2));
        assertThat(c.embedding().sidecarHost()).isEqualTo("127.0.0.1");
        assertThat(c.embedding().sidecarPort()).isEqualTo(50153);
        assertThat(c.embedding().cacheTtlDays()).isEqualTo(30);
        NodeConfig overridden = load(Map.of("PYROPE_EMBEDDING_SIDECAR_PORT", "6100", "PYROPE_EMBEDDING_DEADLINE_MS", "250"));
        assertThat(overridden.embedding().sidecarPort()).isEqualTo(6100);
        assertThat(overridden.embedding().deadlineMs()).isEqualTo(250);
        assertFails(Map.of("PYROPE_EMBEDDING_CACHE_TTL_DAYS", "0"), "embedding.cacheTtlDays", "1..3650");
    }

    @Test
    void flagBeatsEnvironmentForThePortOffset() {
        NodeConfig viaEnv = load(Map.of("PYROPE_PORT_OFFSET", "3"));
        assertThat(viaEnv.grpc().port()).isEqualTo(50054);
        NodeConfig viaFlag = new ConfigLoader(Map.of("PYROPE_PORT_OFFSET", "3")).load(Optional.empty(), OptionalInt.of(1));
        assertThat(viaFlag.grpc().port()).isEqualTo(50052);
    }

    @Test
    void fileOverlaysOnlyTheKeysItNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "grpc:\n  port: 7000\ncluster:\n  backups: 2\n");
        NodeConfig c = new ConfigLoader(Map.of("PYROPE_CLUSTER_BACKUPS", "0")).load(Optional.of(file), OptionalInt.empty());
        assertThat(c.grpc().port()).isEqualTo(7000);
        assertThat(c.cluster().backups()).as("environment beats the file").isZero();
        assertThat(c.thin().port()).isEqualTo(10800);
    }

    @Test
    void unknownKeyInAFileFailsNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, "grpc:\n  prot: 7000\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file), OptionalInt.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("grpc.prot: unknown key");
    }

    @Test
    void invalidValuesFailWithKeyAndReason() {
        assertFails(Map.of("PYROPE_GRPC_PORT", "abc"), "grpc.port", "must be an integer, got 'abc'");
        assertFails(Map.of("PYROPE_GRPC_PORT", "70000"), "grpc.port", "must be 1..65535, got 70000");
        assertFails(Map.of("PYROPE_CLUSTER_BACKUPS", "-1"), "cluster.backups", "must be 0..16");
        assertFails(Map.of("PYROPE_STORAGE_PERSISTENCE", "maybe"), "storage.persistence", "must be true or false");
        assertFails(Map.of("PYROPE_INDEXING_MAX_UNINDEXED", "10"), "indexing.maxUnindexed", "");
        assertFails(Map.of("PYROPE_DISCOVERY_SEEDS", "nohost"), "discovery.seeds", "not host:port");
        assertFails(Map.of("PYROPE_DISCOVERY_SEEDS", ""), "discovery.seeds", "needs at least one");
        assertFails(Map.of("PYROPE_NODE_HOST", ""), "node.host", "must not be empty");
        assertFails(Map.of("PYROPE_NODE_NAME", "bad name!"), "node.name", "must be 1..64 characters");
        assertFails(Map.of("PYROPE_THIN_PORT", "50051"), "thin.port", "port 50051 is also grpc.port");
        assertFails(Map.of("PYROPE_PORT_OFFSET", "x"), "PYROPE_PORT_OFFSET", "must be an integer");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.empty(), OptionalInt.of(-1)))
                .hasMessage("--port-offset: must be 0..1000, got -1");
    }

    @Test
    void invalidYamlAndMissingFileFail(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "grpc: [port: 1\n");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(file), OptionalInt.empty()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(Optional.of(dir.resolve("none.yaml")), OptionalInt.empty()))
                .hasMessageContaining("--config: file").hasMessageContaining("does not exist");
    }

    @Test
    void secretsComeOnlyFromTheEnvironmentAndNeverPrint() {
        Secrets s = Secrets.fromEnv(Map.of("PYROPE_ADMIN_KEY", "admin-secret-0123456789"));
        assertThat(s.adminKey()).contains("admin-secret-0123456789");
        assertThat(s.defaultApiKey()).isEmpty();
        assertThat(s.toString()).doesNotContain("admin-secret");
        assertThatThrownBy(() -> Secrets.fromEnv(Map.of("PYROPE_ADMIN_KEY", "short")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("PYROPE_ADMIN_KEY: must be at least 16");
        // tls.keyStore is the path of a key store; its password, like every secret, is an environment variable.
        assertThat(ConfigLoader.knownKeys()).noneMatch(k -> k.toLowerCase().contains("key") && !k.startsWith("auth.keyCache")
                && !k.equals("tls.keyStore"));
        assertThat(ConfigLoader.knownKeys()).noneMatch(k -> k.toLowerCase().contains("password"));
    }

    @Test
    void adviceAndPrefetchKeysBindWithDefaultsAndAreRangeChecked() {
        NodeConfig d = load(Map.of());
        assertThat(d.advice().enabled()).isTrue();
        assertThat(d.advice().deadlineMs()).isEqualTo(1000);
        assertThat(d.advice().reportQueue()).isEqualTo(10_000);
        assertThat(d.prefetch().enabled()).isTrue();
        assertThat(d.prefetch().threshold()).isEqualTo(0.3);
        NodeConfig c = load(Map.of("PYROPE_ADVICE_ENABLED", "false", "PYROPE_PREFETCH_THRESHOLD", "0.5",
                "PYROPE_ADVICE_BREAKER_OPEN_MS", "750"));
        assertThat(c.advice().enabled()).isFalse();
        assertThat(c.advice().breakerOpenMs()).isEqualTo(750);
        assertThat(c.prefetch().threshold()).isEqualTo(0.5);
        assertFails(Map.of("PYROPE_PREFETCH_THRESHOLD", "1.5"), "prefetch.threshold", "must be 0.0..1.0");
        assertFails(Map.of("PYROPE_ADVICE_REPORT_QUEUE", "0"), "advice.reportQueue", "must be 1..");
        assertFails(Map.of("PYROPE_ADVICE_DEADLINE_MS", "soon"), "advice.deadlineMs", "must be an integer");
    }

    private static void assertFails(Map<String, String> env, String key, String reason) {
        assertThatThrownBy(() -> load(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }
}
