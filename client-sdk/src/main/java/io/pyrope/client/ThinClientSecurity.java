package io.pyrope.client;

import org.apache.ignite.client.SslMode;
import org.apache.ignite.configuration.ClientConfiguration;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Login and TLS of a thin-client connection (production nodes: {@code security.authentication} and
 * {@code tls.thinClient}). {@link #toString()} hides the passwords.
 *
 * @param user       Ignite user (Pyrope nodes use {@code ignite}); empty = no login
 * @param trustStore present = TLS, trusting the certificates in this store
 */
record ThinClientSecurity(Optional<String> user, String password, Optional<Path> trustStore, String trustStoreType,
                          String trustStorePassword) {
    static final ThinClientSecurity NONE = new ThinClientSecurity(Optional.empty(), "", Optional.empty(), "PKCS12", "");

    ClientConfiguration applyTo(ClientConfiguration cfg) {
        user.ifPresent(u -> cfg.setUserName(u).setUserPassword(password));
        trustStore.ifPresent(ts -> cfg.setSslMode(SslMode.REQUIRED)
                .setSslTrustCertificateKeyStorePath(ts.toAbsolutePath().toString())
                .setSslTrustCertificateKeyStoreType(trustStoreType)
                .setSslTrustCertificateKeyStorePassword(trustStorePassword));
        return cfg;
    }

    ThinClientSecurity withLogin(String user, String password) {
        return new ThinClientSecurity(Optional.of(user), password, trustStore, trustStoreType, trustStorePassword);
    }

    ThinClientSecurity withTrustStore(Path path, String type, String password) {
        return new ThinClientSecurity(user, this.password, Optional.of(path), type, password);
    }

    @Override
    public String toString() {
        return "ThinClientSecurity[user=" + user.orElse("<none>") + ", tls=" + trustStore.map(Path::toString).orElse("off")
                + ", passwords hidden]";
    }
}
