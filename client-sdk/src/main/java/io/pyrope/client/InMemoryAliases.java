package io.pyrope.client;

import io.pyrope.domain.PyropeException;
import io.pyrope.domain.QueryAlias;
import io.pyrope.domain.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The fake's canonical aliases: the server's validation and minimum confidence (0.8), per tenant. Thread-safe. */
final class InMemoryAliases {
    private static final double MIN_CONFIDENCE = 0.8;
    private static final int MAX_KEY_CHARS = 1024;

    private final Clock clock;
    private final Map<String, QueryAlias> aliases = new ConcurrentHashMap<>();

    InMemoryAliases(Clock clock) {
        this.clock = clock;
    }

    boolean set(TenantId tenant, String index, String queryKey, String canonical, float confidence, Duration ttl) {
        check("query_key", queryKey);
        check("canonical_key", canonical);
        if (queryKey.equals(canonical)) {
            throw PyropeException.invalid("query_key and canonical_key are the same ('" + queryKey + "'); an alias must point elsewhere");
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw PyropeException.invalid("confidence must be 0..1, got " + confidence);
        }
        if (ttl == null || ttl.toSeconds() < 1 || ttl.toSeconds() > 30L * 24 * 3600) {
            throw PyropeException.invalid("ttl must be 1 s .. 30 days, got " + ttl);
        }
        long expires = clock.millis() + ttl.toMillis();
        return aliases.put(key(tenant, index, queryKey), new QueryAlias(canonical, confidence, expires, true)) == null;
    }

    Optional<QueryAlias> get(TenantId tenant, String index, String queryKey) {
        QueryAlias a = aliases.get(key(tenant, index, queryKey));
        if (a == null) {
            return Optional.empty();
        }
        boolean active = a.confidence() >= MIN_CONFIDENCE && a.expiresAtMs() > clock.millis();
        return Optional.of(new QueryAlias(a.canonicalKey(), a.confidence(), a.expiresAtMs(), active));
    }

    boolean delete(TenantId tenant, String index, String queryKey) {
        return aliases.remove(key(tenant, index, queryKey)) != null;
    }

    private static void check(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_KEY_CHARS) {
            throw PyropeException.invalid(field + " must be 1.." + MAX_KEY_CHARS + " characters");
        }
    }

    private static String key(TenantId tenant, String index, String queryKey) {
        return tenant.value() + "/" + index + "/" + queryKey;
    }
}
