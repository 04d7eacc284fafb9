package io.pyrope.client;

import org.apache.ignite.client.SslMode;
import org.apache.ignite.configuration.ClientConfiguration;

import javax.cache.configuration.Factory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
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
        if (trustStore.isPresent()) {
            // Our own context: Ignite's built-in one insists on a client key store, which a client
            // that only verifies the server does not have.
            SSLContext context = sslContext(trustStore.get());
            cfg.setSslMode(SslMode.REQUIRED).setSslContextFactory((Factory<SSLContext>) () -> context);
        }
        return cfg;
    }

    private SSLContext sslContext(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(trustStoreType);
            ks.load(in, trustStorePassword.toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use trust store " + path + " (" + trustStoreType + "): " + e.getMessage(), e);
        }
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
