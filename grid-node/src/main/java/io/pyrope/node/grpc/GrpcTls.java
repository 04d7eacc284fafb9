package io.pyrope.node.grpc;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.pyrope.node.config.ConfigException;
import io.pyrope.node.config.KeyStores;
import io.pyrope.node.config.NodeConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** The gRPC server's TLS context from the node's key store (config key {@code tls.keyStore}). */
final class GrpcTls {
    private GrpcTls() {
    }

    static SslContext serverContext(NodeConfig.StoreFile keyStore) {
        KeyStore ks = KeyStores.load("tls.keyStore", keyStore);
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, keyStore.password().revealChars());
            return GrpcSslContexts.configure(SslContextBuilder.forServer(kmf)).build();
        } catch (GeneralSecurityException | SSLException e) {
            throw new ConfigException("tls.keyStore", "cannot use " + keyStore.path() + " for the gRPC server: " + e.getMessage());
        }
    }
}
