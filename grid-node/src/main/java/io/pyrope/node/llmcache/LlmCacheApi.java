package io.pyrope.node.llmcache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheInvalidateRequest;
import io.pyrope.api.v1.CacheInvalidateResponse;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CachePutResponse;
import io.pyrope.api.v1.CacheStatsRequest;
import io.pyrope.api.v1.CacheStatsResponse;
import io.pyrope.domain.Limits;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.Validation;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.embed.TextEmbedding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * CacheService (the LLM-response cache) without the transport: validation, the caller's tenant,
 * proto in and out. Behind both the gRPC handler and the SDK dispatcher. A rejected request
 * changes nothing.
 */
public final class LlmCacheApi {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final int MAX_RESPONSE_BYTES = 1 << 20;
    private static final long MAX_TTL_SECONDS = 30L * 24 * 3600;
    private static final double DEFAULT_THRESHOLD = 0.95;

    private final LlmCacheStore store;
    private final long defaultTtlMs;
    private final Timer lookups;
    private final Counter hitCount;
    private final Counter missCount;
    private final LookupCounts counts;
    private final LlmCacheText texts;

    /** @param embedding turns text prompts into embeddings (requests with embeddings never use it) */
    public LlmCacheApi(LlmCacheStore store, TextEmbedding embedding, long defaultTtlMs, MeterRegistry registry) {
        this.store = store;
        this.texts = new LlmCacheText(store, embedding);
        this.counts = new LookupCounts(store.ignite());
        this.defaultTtlMs = defaultTtlMs;
        this.lookups = Timer.builder("pyrope.llmcache.lookup.latency").description("Server-side LLM-cache lookup time")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.hitCount = registry.counter("pyrope.llmcache.lookups", "outcome", "hit");
        this.missCount = registry.counter("pyrope.llmcache.lookups", "outcome", "miss");
    }

    public CachePutResponse put(Caller caller, CachePutRequest request) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "Put");
        String ns = namespace(request.getNamespace());
        if (!request.hasEntry()) {
            throw PyropeException.invalid("entry is required (embedding or text, and response)");
        }
        checkBeforeEmbedding(request.getEntry(), 0);
        LlmCacheText.Resolved resolved = texts.resolve(tenant, ns, List.of(request.getEntry()));
        long n = store.put(tenant, ns, List.of(entry(resolved.entries().get(0), 0, 0)), resolved.model());
        return CachePutResponse.newBuilder().setStored(n).build();
    }

    public CachePutResponse bulkPut(Caller caller, CacheBulkPutRequest request) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "BulkPut");
        String ns = namespace(request.getNamespace());
        int n = request.getEntriesCount();
        if (n == 0 || n > Limits.MAX_BATCH) {
            throw PyropeException.invalid("bulk put has " + n + " entries; it must have 1.." + Limits.MAX_BATCH);
        }
        for (int i = 0; i < n; i++) {
            checkBeforeEmbedding(request.getEntries(i), i);
        }
        LlmCacheText.Resolved resolved = texts.resolve(tenant, ns, request.getEntriesList());
        int dim = resolved.entries().get(0).getEmbeddingCount();
        List<LlmEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(entry(resolved.entries().get(i), i, dim));
        }
        return CachePutResponse.newBuilder().setStored(store.put(tenant, ns, entries, resolved.model())).build();
    }

    public CacheLookupResponse lookup(Caller caller, CacheLookupRequest request) {
        long t0 = System.nanoTime();
        TenantId tenant = caller.requireTenant();
        String ns = namespace(request.getNamespace());
        float threshold = request.getThreshold();
        if (!(threshold >= 0 && threshold <= 1)) {
            throw PyropeException.invalid("threshold must be 0 (default " + DEFAULT_THRESHOLD + ") or in (0, 1], got " + threshold);
        }
        MetadataFilter filter = new MetadataFilter(request.getFilter().getMustEqualMap());
        Optional<float[]> embedding = lookupEmbedding(tenant, ns, request);
        Optional<LlmHit> hit = embedding.isEmpty() ? Optional.empty()
                : store.lookup(tenant, ns, embedding.get(), threshold == 0 ? DEFAULT_THRESHOLD : threshold, filter);
        long nanos = System.nanoTime() - t0;
        lookups.record(nanos, TimeUnit.NANOSECONDS);
        counts.add(tenant.value() + "/" + ns, hit.isPresent());
        CacheLookupResponse.Builder b = CacheLookupResponse.newBuilder().setServerMicros(nanos / 1_000);
        if (hit.isEmpty()) {
            missCount.increment();
            return b.setHit(false).build();
        }
        hitCount.increment();
        return b.setHit(true).setSimilarity((float) hit.get().similarity())
                .setResponse(com.google.protobuf.ByteString.copyFrom(hit.get().response()))
                .putAllMetadata(hit.get().metadata()).build();
    }

    public CacheInvalidateResponse invalidate(Caller caller, CacheInvalidateRequest request) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "Invalidate");
        String ns = namespace(request.getNamespace());
        MetadataFilter filter = new MetadataFilter(request.getFilter().getMustEqualMap());
        if (!request.getAll() && filter.isEmpty()) {
            throw PyropeException.invalid("give a metadata filter, or all = true to remove every entry of the namespace");
        }
        return CacheInvalidateResponse.newBuilder().setRemoved(store.invalidate(tenant, ns, filter, request.getAll())).build();
    }

    public CacheStatsResponse stats(Caller caller, CacheStatsRequest request) {
        TenantId tenant = caller.requireTenant();
        String ns = namespace(request.getNamespace());
        long[] c = counts.get(tenant.value() + "/" + ns);
        long hits = c[0];
        long misses = c[1];
        var snapshot = lookups.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (var v : snapshot.percentileValues()) {
            if (v.percentile() == 0.5) {
                p50 = v.value(TimeUnit.MICROSECONDS);
            } else if (v.percentile() == 0.99) {
                p99 = v.value(TimeUnit.MICROSECONDS);
            }
        }
        return CacheStatsResponse.newBuilder().setHits(hits).setMisses(misses)
                .setHitRate(hits + misses == 0 ? 0 : (double) hits / (hits + misses))
                .setEntries(store.entries(tenant, ns)).setLookupP50Micros(p50).setLookupP99Micros(p99).build();
    }

    /** The request's embedding, or its text's; empty for text in a namespace that does not exist yet. */
    private Optional<float[]> lookupEmbedding(TenantId tenant, String ns, CacheLookupRequest request) {
        if (!request.getText().isEmpty()) {
            if (request.getEmbeddingCount() > 0) {
                throw PyropeException.invalid("the lookup has both embedding and text; set exactly one");
            }
            return texts.resolveLookup(tenant, ns, request.getText());
        }
        float[] embedding = ProtoMapping.toArray(request.getEmbeddingList());
        Validation.validateValues("embedding", embedding, embedding.length == 0 ? 1 : embedding.length);
        if (Validation.isZero(embedding)) {
            throw PyropeException.invalid("embedding is all zeros; cosine similarity is undefined for it");
        }
        return Optional.of(embedding);
    }

    /** What can be refused without embedding, refused before any sidecar call. */
    private static void checkBeforeEmbedding(CacheEntry e, int position) {
        String where = "entries[" + position + "]";
        if (e.getResponse().size() > MAX_RESPONSE_BYTES) {
            throw PyropeException.invalid(where + ".response has " + e.getResponse().size() + " bytes; the limit is " + MAX_RESPONSE_BYTES);
        }
        if (e.getTtlSeconds() > MAX_TTL_SECONDS) {
            throw PyropeException.invalid(where + ".ttl_seconds must be 0 (default) or up to " + MAX_TTL_SECONDS + ", got " + e.getTtlSeconds());
        }
        Validation.validateMetadata(where, e.getMetadataMap());
    }

    private LlmEntry entry(CacheEntry e, int position, int dimension) {
        String where = "entries[" + position + "]";
        float[] embedding = ProtoMapping.toArray(e.getEmbeddingList());
        Validation.validateValues(where + ".embedding", embedding, dimension == 0 ? Math.max(1, embedding.length) : dimension);
        if (Validation.isZero(embedding)) {
            throw PyropeException.invalid(where + ".embedding is all zeros; cosine similarity is undefined for it");
        }
        long ttl = e.getTtlSeconds() == 0 ? defaultTtlMs : e.getTtlSeconds() * 1000L;
        return new LlmEntry(embedding, e.getResponse().toByteArray(), Map.copyOf(e.getMetadataMap()), ttl);
    }

    private static String namespace(String ns) {
        if (!NAMESPACE.matcher(ns).matches()) {
            throw PyropeException.invalid("namespace must be 1..40 characters of [A-Za-z0-9_-], got '" + ns + "'");
        }
        return ns;
    }
}
