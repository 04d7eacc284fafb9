package io.pyrope.compute;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Security of a grid node: Ignite authentication on the thin-client port, and TLS for
 * discovery + communication (one switch: Ignite ties them together) and for the thin-client port.
 *
 * @param authentication Ignite's built-in authentication (needs native persistence)
 * @param grid           TLS between nodes (mutual: a node joins only with a trusted certificate)
 * @param thinClient     TLS on the thin-client port (server certificate only)
 */
public record GridSecurity(boolean authentication, Optional<TlsStores> grid, Optional<TlsStores> thinClient) {
    public static final GridSecurity NONE = new GridSecurity(false, Optional.empty(), Optional.empty());

    public GridSecurity {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(thinClient, "thinClient");
    }

    /**
     * A key store and a trust store of one format, with their passwords. {@link #toString()} hides the passwords.
     */
    public record TlsStores(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                            String type) {
        public TlsStores {
            Objects.requireNonNull(keyStore, "keyStore");
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
            Objects.requireNonNull(trustStore, "trustStore");
            Objects.requireNonNull(trustStorePassword, "trustStorePassword");
            Objects.requireNonNull(type, "type");
        }

        @Override
        public String toString() {
            return "TlsStores[keyStore=" + keyStore + ", trustStore=" + trustStore + ", type=" + type + ", passwords hidden]";
        }
    }
}
