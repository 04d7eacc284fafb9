package io.pyrope.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configures and connects a thin-client {@link PyropeClient}. Not thread-safe; build once.
 *
 * <pre>{@code
 * try (PyropeClient client = PyropeClient.builder()
 *         .addresses("127.0.0.1:10800")
 *         .apiKey(System.getenv("PYROPE_DEFAULT_API_KEY"))
 *         .build()) {
 *     client.search("docs", SearchQuery.of(vector, 10));
 * }
 * }</pre>
 */
public final class PyropeClientBuilder {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> addresses = new ArrayList<>();
    private String apiKey;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private boolean bypassCaches;
    private ThinClientSecurity security = ThinClientSecurity.NONE;

    PyropeClientBuilder() {
    }

    /** Thin-client endpoints ({@code host:port} or {@code host:port1..port2}) of one or more nodes. */
    public PyropeClientBuilder addresses(String... hostPorts) {
        for (String a : hostPorts) {
            addresses.add(Objects.requireNonNull(a, "address"));
        }
        return this;
    }

    /** The API key sent with every call; it selects the tenant (or grants admin rights). */
    public PyropeClientBuilder apiKey(String apiKey) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        return this;
    }

    /** Connection and handshake timeout (default 10 s). */
    public PyropeClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /** Deadline of each call, after which it fails with UNAVAILABLE (default 30 s). */
    public PyropeClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout, "requestTimeout");
        return this;
    }

    /**
     * Logs in to nodes that run with Ignite authentication ({@code security.authentication: true}):
     * the user is {@code ignite}, the password the nodes' {@code PYROPE_IGNITE_PASSWORD}. Wrong
     * credentials fail {@link #build()} with UNAUTHENTICATED.
     */
    public PyropeClientBuilder credentials(String user, String password) {
        security = security.withLogin(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
        return this;
    }

    /**
     * Connects with TLS (nodes with {@code tls.thinClient: true}), trusting the certificates in
     * {@code trustStore} (a PKCS12 or JKS file, {@code type}); a server it does not trust fails
     * {@link #build()} with UNAVAILABLE, a store that cannot be read with IllegalArgumentException.
     */
    public PyropeClientBuilder tls(Path trustStore, String type, String trustStorePassword) {
        security = security.withTrustStore(Objects.requireNonNull(trustStore, "trustStore"), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(trustStorePassword, "trustStorePassword"));
        return this;
    }

    /**
     * Every search of this client bypasses the server's result caches (exact, semantic, keyed):
     * for measuring the search engine itself, or when an answer must come from a fresh search.
     */
    public PyropeClientBuilder bypassResultCaches(boolean bypass) {
        this.bypassCaches = bypass;
        return this;
    }

    /**
     * Connects. Throws {@link io.pyrope.domain.PyropeException} with UNAVAILABLE if no address
     * answers (or the TLS handshake fails), UNAUTHENTICATED if the nodes refuse the credentials, and IllegalStateException if addresses or the API key are missing.
     */
    public PyropeClient build() {
        if (addresses.isEmpty()) {
            throw new IllegalStateException("at least one address is required, e.g. 127.0.0.1:10800");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalStateException("an API key is required");
        }
        SdkTransport transport = ThinClientTransport.connect(List.copyOf(addresses), connectTimeout, requestTimeout, security);
        return new ThinClientPyropeClient(transport, apiKey, bypassCaches);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }
}
