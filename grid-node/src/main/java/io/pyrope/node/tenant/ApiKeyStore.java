package io.pyrope.node.tenant;

import io.pyrope.domain.KeyRole;

import io.pyrope.domain.TenantId;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hashed API keys in the metadata cache, keyed by the SHA-256 of the secret (so a lookup is one
 * local read of the replicated cache). Revoked keys stay, marked revoked, for audit.
 */
public final class ApiKeyStore {
    private final IgniteCache<String, ApiKeyEntry> cache;
    private final Clock clock;
    private final SecureRandom random;

    public ApiKeyStore(IgniteCache<String, ApiKeyEntry> cache, Clock clock, SecureRandom random) {
        this.cache = cache;
        this.clock = clock;
        this.random = random;
    }

    /** Issues a new random key for the tenant (the caller checks that the tenant exists). */
    public IssuedKey issue(TenantId tenant, KeyRole role) {
        IssuedKey key = KeyHashing.newKey(random);
        cache.put(KeyHashing.sha256(key.secret()), new ApiKeyEntry(key.keyId(), tenant.value(), clock.millis(), 0, role));
        return key;
    }

    /**
     * Registers a key chosen outside (e.g. from the environment) unless a key with that secret
     * exists; returns the key id of the stored entry, new or existing.
     */
    public String register(String secret, TenantId tenant) {
        IssuedKey fresh = KeyHashing.newKey(random);
        ApiKeyEntry entry = new ApiKeyEntry(fresh.keyId(), tenant.value(), clock.millis(), 0, KeyRole.TENANT_ADMIN);
        ApiKeyEntry existing = cache.getAndPutIfAbsent(KeyHashing.sha256(secret), entry);
        return existing == null ? entry.keyId() : existing.keyId();
    }

    public Optional<ApiKeyEntry> lookup(String sha256) {
        return Optional.ofNullable(cache.get(sha256));
    }

    /**
     * Marks the key revoked; returns the hash of the revoked key, or empty if no active key has
     * that id (within {@code owner}'s keys, when given).
     */
    public Optional<String> revoke(String keyId, Optional<TenantId> owner) {
        for (Map.Entry<String, ApiKeyEntry> e : scan().entrySet()) {
            if (e.getValue().keyId().equals(keyId) && !e.getValue().revoked()
                    && owner.map(t -> t.value().equals(e.getValue().tenantId())).orElse(true)) {
                cache.put(e.getKey(), e.getValue().revokedAt(clock.millis()));
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Revokes every active key of the tenant; returns their hashes. */
    public List<String> revokeAll(TenantId tenant) {
        List<String> revoked = new ArrayList<>();
        for (Map.Entry<String, ApiKeyEntry> e : scan().entrySet()) {
            if (e.getValue().tenantId().equals(tenant.value()) && !e.getValue().revoked()) {
                cache.put(e.getKey(), e.getValue().revokedAt(clock.millis()));
                revoked.add(e.getKey());
            }
        }
        return revoked;
    }

    /** Active keys of the tenant (for tests and audit). */
    public long activeKeys(TenantId tenant) {
        return scan().values().stream().filter(k -> k.tenantId().equals(tenant.value()) && !k.revoked()).count();
    }

    /**
     * Calls {@code onChange} with the hash of every key entry changed anywhere in the cluster from
     * now on, until the returned handle is closed. Used to drop cached authentications at once.
     */
    public AutoCloseable watch(Consumer<String> onChange) {
        ContinuousQuery<String, ApiKeyEntry> query = new ContinuousQuery<>();
        query.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends ApiKeyEntry> e : events) {
                onChange.accept(e.getKey());
            }
        });
        QueryCursor<Cache.Entry<String, ApiKeyEntry>> cursor = cache.query(query);
        return cursor::close;
    }

    private Map<String, ApiKeyEntry> scan() {
        Map<String, ApiKeyEntry> out = new java.util.HashMap<>();
        try (QueryCursor<Cache.Entry<String, ApiKeyEntry>> cursor = cache.query(new ScanQuery<String, ApiKeyEntry>())) {
            for (Cache.Entry<String, ApiKeyEntry> e : cursor) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}
