package io.pyrope.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the {@code security} and {@code tls} sections and their passwords from the environment,
 * refusing combinations that cannot work: a TLS switch without the stores it needs, a store
 * without its password variable, authentication without persistence or without its password.
 */
final class SecurityBinder {
    static final String IGNITE_PASSWORD_ENV = "PYROPE_IGNITE_PASSWORD";
    static final String KEY_STORE_PASSWORD_ENV = "PYROPE_TLS_KEY_STORE_PASSWORD";
    static final String TRUST_STORE_PASSWORD_ENV = "PYROPE_TLS_TRUST_STORE_PASSWORD";
    static final int MIN_IGNITE_PASSWORD = 12;

    private final ConfigReader r;
    private final Map<String, String> env;

    SecurityBinder(ConfigReader r, Map<String, String> env) {
        this.r = r;
        this.env = env;
    }

    NodeConfig.Security security(NodeConfig.Storage storage) {
        if (!r.bool("security.authentication")) {
            return new NodeConfig.Security(false, Optional.empty());
        }
        if (!storage.persistence()) {
            throw new ConfigException("security.authentication", "needs storage.persistence: true (Ignite keeps its users"
                    + " on disk and refuses to start an in-memory node with authentication)");
        }
        Secret password = secret(IGNITE_PASSWORD_ENV, "security.authentication is on (the thin-client password of"
                + " Ignite's user '" + NodeConfig.Security.IGNITE_USER + "')");
        if (password.reveal().length() < MIN_IGNITE_PASSWORD) {
            throw new ConfigException(IGNITE_PASSWORD_ENV, "must be at least " + MIN_IGNITE_PASSWORD + " characters, got "
                    + password.reveal().length());
        }
        if (password.reveal().equals(NodeConfig.Security.IGNITE_USER)) {
            throw new ConfigException(IGNITE_PASSWORD_ENV, "must not be Ignite's default password");
        }
        return new NodeConfig.Security(true, Optional.of(password));
    }

    NodeConfig.Tls tls() {
        String type = r.nonEmpty("tls.storeType");
        boolean grid = r.bool("tls.grid");
        boolean thin = r.bool("tls.thinClient");
        boolean grpc = r.bool("tls.grpc");
        Optional<NodeConfig.StoreFile> keyStore = store("tls.keyStore", type, KEY_STORE_PASSWORD_ENV);
        Optional<NodeConfig.StoreFile> trustStore = store("tls.trustStore", type, TRUST_STORE_PASSWORD_ENV);
        List<String> needKey = new ArrayList<>();
        List<String> needTrust = new ArrayList<>();
        if (grid) {
            needKey.add("tls.grid");
            needTrust.add("tls.grid");
        }
        if (thin) {
            needKey.add("tls.thinClient");
            needTrust.add("tls.thinClient");
        }
        if (grpc) {
            needKey.add("tls.grpc");
        }
        if (!needKey.isEmpty() && keyStore.isEmpty()) {
            throw new ConfigException("tls.keyStore", "required when " + String.join(", ", needKey) + " is on"
                    + " (a PKCS12 or JKS file with this node's private key and certificate)");
        }
        if (!needTrust.isEmpty() && trustStore.isEmpty()) {
            throw new ConfigException("tls.trustStore", "required when " + String.join(", ", needTrust) + " is on"
                    + " (the certificates this node trusts; Ignite verifies its peers with it)");
        }
        keyStore.ifPresent(s -> KeyStores.check("tls.keyStore", s, true));
        trustStore.ifPresent(s -> KeyStores.check("tls.trustStore", s, false));
        return new NodeConfig.Tls(keyStore, trustStore, grid, thin, grpc);
    }

    private Optional<NodeConfig.StoreFile> store(String key, String type, String passwordEnv) {
        if (r.string(key).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeConfig.StoreFile(r.path(key), type, secret(passwordEnv, key + " is set")));
    }

    private Secret secret(String name, String because) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(name, "must be set because " + because + "; passwords come only from the environment");
        }
        return new Secret(name, v);
    }
}
