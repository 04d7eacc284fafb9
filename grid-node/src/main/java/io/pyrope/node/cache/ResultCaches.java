package io.pyrope.node.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.compute.VectorGrid;
import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.llmcache.LlmCacheStore;
import org.apache.ignite.Ignite;

import java.time.Clock;
import java.util.Optional;

/**
 * A node's result caches and their freshness machinery, wired from the {@code caches} config:
 * the search-path stage ({@link ResultCache}) and the write-path stage ({@link WriteFreshness}).
 * Owns the write-heat flush thread; close() stops it. When caches are disabled, the freshness
 * versions are still kept (a node with caches on may share the cluster), but nothing is cached.
 */
public final class ResultCaches implements AutoCloseable {
    private static final long MB = 1L << 20;

    private final Optional<ResultCache> cache;
    private final Optional<SharedFills> fills;
    private final WriteFreshness writes;
    private final WriteHeat heat;
    private final LlmCacheStore llm;
    private final AliasStore aliases;
    private final TtlAdviceBook ttlAdvice;

    private ResultCaches(Optional<ResultCache> cache, Optional<SharedFills> fills, WriteFreshness writes, WriteHeat heat,
                         LlmCacheStore llm, AliasStore aliases, TtlAdviceBook ttlAdvice) {
        this.fills = fills;
        this.ttlAdvice = ttlAdvice;
        this.aliases = aliases;
        this.cache = cache;
        this.writes = writes;
        this.heat = heat;
        this.llm = llm;
    }

    public static ResultCaches start(Ignite ignite, VectorGrid grid, IndexCatalog catalog, NodeConfig.Caches cfg,
                                     Clock clock, MeterRegistry registry) {
        CacheMeters meters = new CacheMeters(registry);
        FreshnessStore versions = new FreshnessStore(ignite);
        CentroidView centroids = new CentroidView(catalog);
        WriteHeat heat = new WriteHeat(ignite, clock, cfg.heatFlushMs());
        SharedFills filler = cfg.enabled() ? new SharedFills(cfg.fillsInFlight(), meters) : null;
        try {
            WriteFreshness writes = new WriteFreshness(catalog, versions, centroids, heat, meters);
            AliasStore aliases = new AliasStore(ignite, clock, cfg.aliasMinConfidence(), cfg.aliasMaxPerTenant());
            TtlAdviceBook ttlAdvice = new TtlAdviceBook();
            Optional<ResultCache> cache = Optional.empty();
            if (filler != null) {
                // The near-cache budget is split: exact results get 3/4, semantic buckets 1/4.
                long near = cfg.nearMaxMb() * MB;
                cache = Optional.of(new ResultCache(catalog, versions, centroids,
                        new ExactCache(ignite, near * 3 / 4, meters),
                        new SemanticCache(ignite, near / 4, cfg.semanticBucketSize(), meters), heat,
                        new TtlPolicy(cfg.ttlMinMs(), cfg.ttlMaxMs(), cfg.hotWritesPerMinute(), cfg.hotByIndex()),
                        new SemanticThresholds(cfg.semanticThreshold(), cfg.semanticFloor(), cfg.semanticOverrides(),
                                cfg.looseFloor(), cfg.looseFloorOverrides(), cfg.looseFromCost(), cfg.looseAtCost()),
                        meters, aliases, ttlAdvice, filler, clock));
            }
            return new ResultCaches(cache, Optional.ofNullable(filler), writes, heat,
                    new LlmCacheStore(ignite, grid, catalog, clock, cfg.llmMaxEntriesPerTenant()), aliases, ttlAdvice);
        } catch (RuntimeException e) {
            if (filler != null) {
                filler.close();
            }
            heat.close();
            throw e;
        }
    }

    /** The search-path stage; empty when caches are disabled. */
    public Optional<ResultCache> cache() {
        return cache;
    }

    public WriteFreshness writes() {
        return writes;
    }

    /** Canonical aliases of query keys. */
    public AliasStore aliases() {
        return aliases;
    }

    /** The sidecar's TTL advice, which cache fills use when present. */
    public TtlAdviceBook ttlAdvice() {
        return ttlAdvice;
    }

    /** The LLM-response cache (CacheService). */
    public LlmCacheStore llm() {
        return llm;
    }

    @Override
    public void close() {
        try {
            llm.close();
        } finally {
            fills.ifPresent(SharedFills::close);
            heat.close();
        }
    }
}
