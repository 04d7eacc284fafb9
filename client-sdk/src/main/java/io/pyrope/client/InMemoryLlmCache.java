package io.pyrope.client;

import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.LlmCacheHit;
import io.pyrope.domain.LlmCacheStats;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.Validation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The fake's LLM-response cache: the server's validation, thresholds, TTLs and tenant isolation,
 * with an exact scan instead of an ANN index and no per-tenant LRU bound. Thread-safe.
 */
final class InMemoryLlmCache {
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Duration DEFAULT_TTL = Duration.ofDays(1);

    private record Stored(LlmCacheEntry entry, long expiresAtMs) {
    }

    private final Clock clock;
    private final Map<String, List<Stored>> namespaces = new ConcurrentHashMap<>();
    private final Map<String, long[]> counts = new ConcurrentHashMap<>();

    InMemoryLlmCache(Clock clock) {
        this.clock = clock;
    }

    long put(TenantId tenant, String namespace, List<LlmCacheEntry> entries) {
        String key = key(tenant, namespace);
        if (entries.isEmpty() || entries.size() > 1000) {
            throw PyropeException.invalid("bulk put has " + entries.size() + " entries; it must have 1..1000");
        }
        int dim = entries.get(0).embedding().length;
        for (LlmCacheEntry e : entries) {
            if (!e.text().isEmpty()) {
                throw new PyropeException(io.pyrope.domain.ErrorCode.FAILED_PRECONDITION,
                        "the in-memory client has no embedding model: pass embeddings, or use text against a real node");
            }
            Validation.validateValues("embedding", e.embedding(), Math.max(1, dim));
            if (Validation.isZero(e.embedding())) {
                throw PyropeException.invalid("embedding is all zeros; cosine similarity is undefined for it");
            }
        }
        List<Stored> list = namespaces.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (list) {
            if (!list.isEmpty() && list.get(0).entry().embedding().length != dim) {
                throw PyropeException.invalid("namespace " + namespace + " holds embeddings of dimension "
                        + list.get(0).entry().embedding().length + ", got " + dim);
            }
            long now = clock.millis();
            for (LlmCacheEntry e : entries) {
                list.removeIf(s -> Arrays.equals(s.entry().embedding(), e.embedding()));
                Duration ttl = e.ttl().isZero() ? DEFAULT_TTL : e.ttl();
                list.add(new Stored(e, now + ttl.toMillis()));
            }
        }
        return entries.size();
    }

    Optional<LlmCacheHit> lookup(TenantId tenant, String namespace, float[] embedding, float threshold, MetadataFilter filter) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw PyropeException.invalid("threshold must be 0 (default 0.95) or in (0, 1], got " + threshold);
        }
        Validation.validateValues("embedding", embedding, Math.max(1, embedding.length));
        if (Validation.isZero(embedding)) {
            throw PyropeException.invalid("embedding is all zeros; cosine similarity is undefined for it");
        }
        double min = threshold == 0 ? 0.95 : threshold;
        String key = key(tenant, namespace);
        List<Stored> list = namespaces.getOrDefault(key, List.of());
        Stored best = null;
        double bestSim = -2;
        long now = clock.millis();
        synchronized (list) {
            for (Stored s : list) {
                double sim = cosine(embedding, s.entry().embedding());
                if (s.expiresAtMs() > now && sim >= min && sim > bestSim && filter.matches(s.entry().metadata())) {
                    best = s;
                    bestSim = sim;
                }
            }
        }
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        synchronized (c) {
            c[best == null ? 1 : 0]++;
        }
        return best == null ? Optional.empty()
                : Optional.of(new LlmCacheHit(best.entry().response(), best.entry().metadata(), (float) bestSim));
    }

    long invalidate(TenantId tenant, String namespace, MetadataFilter filter, boolean all) {
        if (!all && filter.isEmpty()) {
            throw PyropeException.invalid("give a metadata filter, or all = true to remove every entry of the namespace");
        }
        List<Stored> list = namespaces.getOrDefault(key(tenant, namespace), new ArrayList<>());
        synchronized (list) {
            int before = list.size();
            list.removeIf(s -> all || filter.matches(s.entry().metadata()));
            return before - list.size();
        }
    }

    LlmCacheStats stats(TenantId tenant, String namespace) {
        String key = key(tenant, namespace);
        long[] c = counts.getOrDefault(key, new long[2]);
        List<Stored> list = namespaces.getOrDefault(key, List.of());
        long entries;
        synchronized (list) {
            entries = list.size();
        }
        long total = c[0] + c[1];
        return new LlmCacheStats(c[0], c[1], total == 0 ? 0 : (double) c[0] / total, entries, 0, 0);
    }

    private static String key(TenantId tenant, String namespace) {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw PyropeException.invalid("namespace must be 1..40 characters of [A-Za-z0-9_-], got '" + namespace + "'");
        }
        return tenant.value() + "/" + namespace;
    }

    private static double cosine(float[] a, float[] b) {
        return a.length != b.length ? -2 : Similarity.cosine(a, b);
    }
}
