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
import io.pyrope.node.embed.NodeEmbeddings;
import io.pyrope.node.embed.TextEmbedding;
import io.pyrope.node.grpc.GrpcServer;
import io.pyrope.domain.BudgetPolicy;
import io.pyrope.node.audit.AuditLog;
import io.pyrope.node.budget.BudgetMeters;
import io.pyrope.node.budget.CostCalibration;
import io.pyrope.node.budget.EffortGovernor;
import io.pyrope.node.budget.LatencyGuards;
import io.pyrope.node.budget.SearchCharger;
import io.pyrope.node.budget.UsageLedger;
import io.pyrope.node.quota.ClusterRateLimiter;
import io.pyrope.node.quota.QuotaGuard;
import io.pyrope.node.llmcache.LlmCacheApi;
import io.pyrope.node.sdk.SdkDispatcher;
import io.pyrope.node.tenant.TenantPolicyStore;
import io.pyrope.node.tenant.TenantSeeding;
import io.pyrope.node.search.AccessListener;
import io.pyrope.node.search.SearchPipeline;
import io.pyrope.node.advice.AdviceService;
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
import java.util.List;
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
    private final List<AutoCloseable> owned;
    private final NodeEmbeddings embeddings;
    private final Optional<IssuedKey> generatedDefaultKey;
    private final Optional<AdviceService> advice;

    /** @param owned closed in order after the transports stop */
    private ApiServices(GrpcServer grpc, SdkEndpoint sdk, List<AutoCloseable> owned, NodeEmbeddings embeddings,
                        Optional<IssuedKey> generatedDefaultKey, Optional<AdviceService> advice) {
        this.advice = advice;
        this.grpc = grpc;
        this.sdk = sdk;
        this.owned = List.copyOf(owned);
        this.embeddings = embeddings;
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
        TenantPolicyStore policies = new TenantPolicyStore(ignite);
        TenantSeeding.apply(config.tenants().seeds(), tenants, policies, config.tenants().source());
        UsageLedger ledger = new UsageLedger(ignite, clock, config.budgets().usageFlushMs());
        NodeEmbeddings embeddings = NodeEmbeddings.start(ignite, config.embedding(), meters);
        List<AutoCloseable> owned = new java.util.ArrayList<>(List.of(ledger, policies, keyWatch, embeddings));
        TextEmbedding embedding = new TextEmbedding(embeddings.sidecar(), embeddings.cache(), meters);
        BudgetMeters budgetMeters = new BudgetMeters(meters);
        AuditLog audit = new AuditLog(clock);
        QuotaGuard quotas = new QuotaGuard(policies, new ClusterRateLimiter(ignite, clock), vectors, ledger, budgetMeters, clock);
        LatencyGuards guards = new LatencyGuards(clock, config.budgets().nodeLatencyP99Ms(), BudgetPolicy.DEFAULT_MIN_EFFORT);
        CostCalibration calibration = new CostCalibration();
        EffortGovernor governor = new EffortGovernor(ledger, guards, calibration, budgetMeters, clock);
        SearchCharger charger = new SearchCharger(ledger, guards, calibration, budgetMeters);
        Optional<AdviceService> advice = AdviceService.start(config, caches, vectors, policies, governor, charger, clock, meters);
        // Stopped first: its threads search and charge through the parts closed after it.
        advice.ifPresent(a -> owned.add(0, a));
        SearchPipeline searches = new SearchPipeline(vectors, policies, governor, charger, caches.cache(), System::nanoTime,
                advice.<AccessListener>map(a -> a).orElse(AccessListener.NONE));
        IndexApi indexApi = new IndexApi(vectors, quotas, audit, embedding);
        VectorApi vectorApi = new VectorApi(vectors, searches, quotas, embedding, caches.writes());
        AliasApi aliasApi = new AliasApi(caches.aliases(), vectors);
        LlmCacheApi llmCacheApi = new LlmCacheApi(caches.llm(), embedding, config.caches().llmDefaultTtlSeconds() * 1000L, meters);
        AdminApi adminApi = new AdminApi(new TenantAdmin(tenants, keys, vectors, auth::invalidate), vectors, policies, ledger,
                audit);
        SdkEndpoint sdk = SdkEndpoint.register(ignite,
                new SdkDispatcher(auth, indexApi, vectorApi, adminApi, meters).withCacheService(llmCacheApi, aliasApi), SDK_THREADS, SDK_QUEUE);
        GrpcServer grpc;
        try {
            grpc = GrpcServer.start(config.node().host(), config.grpc(),
                    config.tls().grpc() ? config.tls().keyStore() : Optional.empty(), auth, indexApi, vectorApi, adminApi,
                    llmCacheApi, aliasApi, meters);
        } catch (RuntimeException e) {
            sdk.close();
            owned.forEach(ApiServices::closeQuietly);
            throw e;
        }
        return new ApiServices(grpc, sdk, owned, embeddings, generated, advice);
    }

    public int grpcPort() {
        return grpc.port();
    }

    /** The key generated for tenant {@code default} when this node created it (tests read it here). */
    public Optional<IssuedKey> generatedDefaultKey() {
        return generatedDefaultKey;
    }

    /** The text-input parts (sidecar client, embedding cache); tests and benchmarks read them here. */
    public NodeEmbeddings embeddings() {
        return embeddings;
    }

    /** The sidecar advice (access reports, prefetch); empty when off. Tests read it here. */
    public Optional<AdviceService> advice() {
        return advice;
    }

    /** Stops gRPC (in-flight calls get {@code graceMs}), then the SDK endpoint, then advice and the embedding client. */
    public void stop(long graceMs) {
        grpc.stop(graceMs);
        sdk.close();
        owned.forEach(ApiServices::closeQuietly);
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
