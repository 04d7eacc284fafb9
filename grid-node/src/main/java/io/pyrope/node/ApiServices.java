package io.pyrope.node;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.compute.VectorGrid;
import io.pyrope.node.api.AdminApi;
import io.pyrope.node.api.AliasApi;
import io.pyrope.node.api.IndexApi;
import io.pyrope.node.api.VectorApi;
import io.pyrope.node.auth.Authenticator;
import io.pyrope.node.cache.ResultCaches;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.config.Secrets;
import io.pyrope.node.grpc.GrpcServer;
import io.pyrope.node.llmcache.LlmCacheApi;
import io.pyrope.node.sdk.SdkDispatcher;
import io.pyrope.node.search.SearchPipeline;
import io.pyrope.node.sdk.SdkEndpoint;
import io.pyrope.node.tenant.ApiKeyStore;
import io.pyrope.node.tenant.DefaultTenant;
import io.pyrope.node.tenant.IssuedKey;
import io.pyrope.node.tenant.MetadataCaches;
import io.pyrope.node.tenant.TenantAdmin;
import io.pyrope.node.tenant.TenantStore;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a node serves on top of a running grid: tenants and keys, authentication, the API
 * layer, the gRPC server and the thin-client SDK endpoint. Started after the grid, stopped
 * before it.
 */
public final class ApiServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServices.class);
    /** Threads running SDK calls; the grid allows 64 compute tasks per thin-client connection. */
    private static final int SDK_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
    private static final int SDK_QUEUE = 10_000;

    private final GrpcServer grpc;
    private final SdkEndpoint sdk;
    private final AutoCloseable keyWatch;
    private final Optional<IssuedKey> generatedDefaultKey;

    private ApiServices(GrpcServer grpc, SdkEndpoint sdk, AutoCloseable keyWatch, Optional<IssuedKey> generatedDefaultKey) {
        this.grpc = grpc;
        this.sdk = sdk;
        this.keyWatch = keyWatch;
        this.generatedDefaultKey = generatedDefaultKey;
    }

    public static ApiServices start(Ignite ignite, VectorGrid vectors, ResultCaches caches, NodeConfig config,
                                    Secrets secrets, Clock clock, MeterRegistry meters) {
        TenantStore tenants = new TenantStore(MetadataCaches.tenants(ignite), clock);
        ApiKeyStore keys = new ApiKeyStore(MetadataCaches.apiKeys(ignite), clock, new SecureRandom());
        Authenticator auth = new Authenticator(keys, secrets.adminKey(), Duration.ofMillis(config.auth().keyCacheTtlMs()), clock);
        AutoCloseable keyWatch = keys.watch(auth::invalidate);
        Optional<IssuedKey> generated = Optional.empty();
        if (config.auth().createDefaultTenant()) {
            generated = DefaultTenant.ensure(tenants, keys, secrets.defaultApiKey());
        }
        if (secrets.adminKey().isEmpty()) {
            LOG.info("PYROPE_ADMIN_KEY is not set: tenant and key administration RPCs are refused on this node");
        }
        IndexApi indexApi = new IndexApi(vectors);
        VectorApi vectorApi = new VectorApi(vectors, new SearchPipeline(vectors, caches.cache()), caches.writes());
        AliasApi aliasApi = new AliasApi(caches.aliases(), vectors);
        LlmCacheApi llmCacheApi = new LlmCacheApi(caches.llm(), config.caches().llmDefaultTtlSeconds() * 1000L, meters);
        AdminApi adminApi = new AdminApi(new TenantAdmin(tenants, keys, vectors, auth::invalidate), vectors);
        SdkEndpoint sdk = SdkEndpoint.register(ignite,
                new SdkDispatcher(auth, indexApi, vectorApi, adminApi, meters).withCacheService(llmCacheApi, aliasApi), SDK_THREADS, SDK_QUEUE);
        GrpcServer grpc;
        try {
            grpc = GrpcServer.start(config.node().host(), config.grpc().port(), config.grpc().maxInboundMessageMb(),
                    auth, indexApi, vectorApi, adminApi, llmCacheApi, aliasApi, meters);
        } catch (RuntimeException e) {
            sdk.close();
            closeQuietly(keyWatch);
            throw e;
        }
        return new ApiServices(grpc, sdk, keyWatch, generated);
    }

    public int grpcPort() {
        return grpc.port();
    }

    /** The key generated for tenant {@code default} when this node created it (tests read it here). */
    public Optional<IssuedKey> generatedDefaultKey() {
        return generatedDefaultKey;
    }

    /** Stops gRPC (in-flight calls get {@code graceMs}), then the SDK endpoint. */
    public void stop(long graceMs) {
        grpc.stop(graceMs);
        sdk.close();
        closeQuietly(keyWatch);
    }

    @Override
    public void close() {
        stop(2_000);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", c, e.toString());
        }
    }
}
