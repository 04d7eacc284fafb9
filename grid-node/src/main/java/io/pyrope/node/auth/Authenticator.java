package io.pyrope.node.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.node.tenant.ApiKeyEntry;
import io.pyrope.node.tenant.ApiKeyStore;
import io.pyrope.node.tenant.KeyHashing;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves an API key to a {@link Caller}. Missing, unknown and revoked keys are all
 * UNAUTHENTICATED with the same message shape (nothing about which keys exist leaks).
 *
 * <p>Verified tenant keys are cached on this node for at most {@code cacheTtl}, keyed by the
 * key's hash; {@link #invalidate} drops an entry at once (called synchronously by the revoking
 * node and, through a continuous query on the key cache, by every other node). So a revoked key
 * is refused immediately on the node that revoked it, within the continuous query's delivery time
 * (milliseconds) elsewhere, and after {@code cacheTtl} at the latest. Failed lookups are never
 * cached. Thread-safe.
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final ApiKeyStore keys;
    private final Optional<String> adminKey;
    private final Cache<String, Caller> verified;

    public Authenticator(ApiKeyStore keys, Optional<String> adminKey, Duration cacheTtl, Clock clock) {
        this.keys = keys;
        this.adminKey = adminKey;
        this.verified = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(cacheTtl)
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** Resolves an {@code authorization} header value of the form {@code Bearer <key>}. */
    public Caller authenticateHeader(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthenticated("missing API key: send the header 'authorization: Bearer <key>'");
        }
        String value = authorization.strip();
        if (value.length() <= BEARER.length() || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw unauthenticated("malformed authorization header: expected 'Bearer <key>'");
        }
        return authenticate(value.substring(BEARER.length()).strip());
    }

    /** Resolves a bare API key (the thin-client path carries the key without "Bearer"). */
    public Caller authenticate(String key) {
        if (key == null || key.isEmpty()) {
            throw unauthenticated("missing API key");
        }
        if (adminKey.isPresent() && KeyHashing.matches(key, adminKey.get())) {
            return Caller.ofAdmin();
        }
        String hash = KeyHashing.sha256(key);
        Caller cached = verified.getIfPresent(hash);
        if (cached != null) {
            return cached;
        }
        Optional<ApiKeyEntry> entry = keys.lookup(hash);
        if (entry.isEmpty() || entry.get().revoked()) {
            throw unauthenticated("invalid or revoked API key");
        }
        Caller caller = Caller.ofTenant(new TenantId(entry.get().tenantId()), entry.get().keyId(), entry.get().role());
        verified.put(hash, caller);
        return caller;
    }

    /** Forgets a cached verification (the key's entry changed: revoked or replaced). */
    public void invalidate(String keyHash) {
        verified.invalidate(keyHash);
    }

    private static PyropeException unauthenticated(String message) {
        return new PyropeException(ErrorCode.UNAUTHENTICATED, message);
    }
}
