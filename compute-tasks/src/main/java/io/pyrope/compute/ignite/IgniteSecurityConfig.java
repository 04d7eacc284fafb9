package io.pyrope.compute.ignite;

import io.pyrope.compute.GridSecurity;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.ssl.SslContextFactory;

/** Applies {@link GridSecurity} to a node's {@link IgniteConfiguration}. */
final class IgniteSecurityConfig {
    private IgniteSecurityConfig() {
    }

    static void apply(IgniteConfiguration cfg, ClientConnectorConfiguration connector, GridSecurity security) {
        if (security.authentication()) {
            cfg.setAuthenticationEnabled(true);
        }
        // Discovery and communication both use the node's SSL context factory when it is set;
        // their server sockets require a client certificate, so TLS between nodes is mutual.
        security.grid().ifPresent(stores -> cfg.setSslContextFactory(factory(stores)));
        security.thinClient().ifPresent(stores -> connector
                .setSslEnabled(true)
                .setUseIgniteSslContextFactory(false)
                .setSslClientAuth(false)
                .setSslContextFactory(factory(stores)));
    }

    private static SslContextFactory factory(GridSecurity.TlsStores stores) {
        SslContextFactory f = new SslContextFactory();
        f.setKeyStoreFilePath(stores.keyStore().toAbsolutePath().toString());
        f.setKeyStorePassword(stores.keyStorePassword().toCharArray());
        f.setKeyStoreType(stores.type());
        f.setTrustStoreFilePath(stores.trustStore().toAbsolutePath().toString());
        f.setTrustStorePassword(stores.trustStorePassword().toCharArray());
        f.setTrustStoreType(stores.type());
        return f;
    }
}
