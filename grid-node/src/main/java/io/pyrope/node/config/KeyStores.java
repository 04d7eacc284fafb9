package io.pyrope.node.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/** Opens key and trust stores; every failure names the config key and the reason, never the password. */
public final class KeyStores {
    private KeyStores() {
    }

    /** Loads {@code store}; {@code key} is the config key that named its path (for the error). */
    public static KeyStore load(String key, NodeConfig.StoreFile store) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(store.type());
        } catch (GeneralSecurityException e) {
            throw new ConfigException("tls.storeType", "'" + store.type() + "' is not a key store type here (PKCS12 or JKS)");
        }
        try (InputStream in = Files.newInputStream(store.path())) {
            ks.load(in, store.password().revealChars());
        } catch (NoSuchFileException e) {
            throw new ConfigException(key, "file " + store.path() + " does not exist");
        } catch (IOException e) {
            // Wrong password and corrupt file both land here (the JDK says "keystore password was incorrect").
            throw new ConfigException(key, "cannot open " + store.path() + " as " + store.type() + " with the password in "
                    + store.password().envName() + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, "cannot read " + store.path() + ": " + e.getMessage());
        }
        return ks;
    }

    /** Checks that a key store holds a private key and a trust store at least one certificate. */
    static void check(String key, NodeConfig.StoreFile store, boolean needsPrivateKey) {
        KeyStore ks = load(key, store);
        try {
            for (String alias : Collections.list(ks.aliases())) {
                if (needsPrivateKey ? ks.isKeyEntry(alias) : ks.isCertificateEntry(alias) || ks.isKeyEntry(alias)) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException(key, "cannot read " + store.path() + ": " + e.getMessage());
        }
        throw new ConfigException(key, store.path() + " holds no " + (needsPrivateKey ? "private key" : "certificate"));
    }
}
