package io.pyrope.node.config;

import io.pyrope.node.TestTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The security and tls sections, and the production profile: what binds, and what fails naming the key. */
class SecurityConfigTest {
    private static final Path PRODUCTION = Path.of(System.getProperty("user.dir")).resolve("../config/pyrope-node-production.yaml");
    private static final String IGNITE_PASSWORD = "grid-password-0123";

    @TempDir
    static Path dir;
    private static TestTls tls;

    @BeforeAll
    static void stores() {
        tls = TestTls.create(dir, "cfg");
    }

    /** The production profile with the test's stores and every password in the environment. */
    private static Map<String, String> productionEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PYROPE_TLS_KEY_STORE", tls.keyStore().toString());
        env.put("PYROPE_TLS_TRUST_STORE", tls.trustStore().toString());
        env.put("PYROPE_TLS_KEY_STORE_PASSWORD", tls.keyStorePassword());
        env.put("PYROPE_TLS_TRUST_STORE_PASSWORD", tls.trustStorePassword());
        env.put("PYROPE_IGNITE_PASSWORD", IGNITE_PASSWORD);
        return env;
    }

    private static NodeConfig production(Map<String, String> env) {
        return new ConfigLoader(env).load(Optional.of(PRODUCTION), OptionalInt.empty());
    }

    private static NodeConfig defaults(Map<String, String> env) {
        return new ConfigLoader(env).load(Optional.empty(), OptionalInt.empty());
    }

    @Test
    void theDefaultIsPlaintextWithoutAuthentication() {
        NodeConfig c = defaults(Map.of());
        assertThat(c.tls()).isEqualTo(NodeConfig.Tls.OFF);
        assertThat(c.security().authentication()).isFalse();
        assertThat(c.security().ignitePassword()).isEmpty();
    }

    @Test
    void productionProfileTurnsOnPersistenceAuthenticationAndEveryTlsSwitch() {
        NodeConfig c = production(productionEnv());
        assertThat(c.storage().persistence()).isTrue();
        assertThat(c.security().authentication()).isTrue();
        assertThat(c.security().ignitePassword()).map(Secret::reveal).contains(IGNITE_PASSWORD);
        assertThat(c.tls().grid()).isTrue();
        assertThat(c.tls().thinClient()).isTrue();
        assertThat(c.tls().grpc()).isTrue();
        assertThat(c.tls().keyStore()).map(NodeConfig.StoreFile::path).contains(tls.keyStore());
        assertThat(c.auth().createDefaultTenant()).isFalse();
        assertThat(c.grpc().port()).isEqualTo(50051);
        assertThat(c.thin().port()).isEqualTo(10800);
        assertThat(c.metrics().port()).isEqualTo(9464);
    }

    @Test
    void passwordsNeverShowInTheConfigsText() {
        String text = production(productionEnv()).toString();
        assertThat(text).doesNotContain(IGNITE_PASSWORD, tls.keyStorePassword(), tls.trustStorePassword())
                .contains("PYROPE_IGNITE_PASSWORD", "PYROPE_TLS_KEY_STORE_PASSWORD");
    }

    @Test
    void eachMissingPasswordVariableIsNamed() {
        for (String name : new String[]{"PYROPE_IGNITE_PASSWORD", "PYROPE_TLS_KEY_STORE_PASSWORD", "PYROPE_TLS_TRUST_STORE_PASSWORD"}) {
            Map<String, String> env = productionEnv();
            env.remove(name);
            assertThatThrownBy(() -> production(env)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(name))
                    .hasMessageContaining("environment");
        }
    }

    @Test
    void authenticationWithoutPersistenceIsRefused() {
        Map<String, String> env = productionEnv();
        env.put("PYROPE_STORAGE_PERSISTENCE", "false");
        assertThatThrownBy(() -> production(env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("security.authentication: needs storage.persistence: true");
    }

    @Test
    void aShortOrDefaultIgnitePasswordIsRefused() {
        Map<String, String> env = productionEnv();
        env.put("PYROPE_IGNITE_PASSWORD", "short");
        assertThatThrownBy(() -> production(env)).hasMessageStartingWith("PYROPE_IGNITE_PASSWORD: must be at least 12");
    }

    @Test
    void aTlsSwitchWithoutItsStoresIsRefused() {
        assertThatThrownBy(() -> defaults(Map.of("PYROPE_TLS_GRPC", "true")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("tls.keyStore: required when tls.grpc is on");
        Map<String, String> env = new HashMap<>(Map.of("PYROPE_TLS_GRID", "true", "PYROPE_TLS_KEY_STORE", tls.keyStore().toString(),
                "PYROPE_TLS_KEY_STORE_PASSWORD", tls.keyStorePassword()));
        assertThatThrownBy(() -> defaults(env)).hasMessageStartingWith("tls.trustStore: required when tls.grid is on");
        // gRPC alone needs no trust store.
        env.remove("PYROPE_TLS_GRID");
        env.put("PYROPE_TLS_GRPC", "true");
        assertThat(defaults(env).tls().grpc()).isTrue();
    }

    @Test
    void aWrongStorePasswordOrAMissingFileIsNamedAtLoad() {
        Map<String, String> env = productionEnv();
        env.put("PYROPE_TLS_KEY_STORE_PASSWORD", "not-the-password");
        assertThatThrownBy(() -> production(env)).hasMessageStartingWith("tls.keyStore: cannot open")
                .hasMessageContaining("PYROPE_TLS_KEY_STORE_PASSWORD").hasMessageNotContaining("not-the-password");
        Map<String, String> env2 = productionEnv();
        env2.put("PYROPE_TLS_TRUST_STORE", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> production(env2)).hasMessageStartingWith("tls.trustStore: file ").hasMessageContaining("does not exist");
    }

    @Test
    void aTrustStoreIsNotAKeyStore() {
        Map<String, String> env = productionEnv();
        env.put("PYROPE_TLS_KEY_STORE", tls.trustStore().toString());
        env.put("PYROPE_TLS_KEY_STORE_PASSWORD", tls.trustStorePassword());
        assertThatThrownBy(() -> production(env)).hasMessageStartingWith("tls.keyStore: ").hasMessageContaining("holds no private key");
    }
}
