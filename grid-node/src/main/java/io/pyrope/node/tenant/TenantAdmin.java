package io.pyrope.node.tenant;

import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tenant and key administration: what AdminService does, without the transport. Thread-safe.
 */
public final class TenantAdmin {
    private static final int MAX_DISPLAY_NAME = 256;

    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final VectorGrid vectors;
    private final Consumer<String> revoked;

    /** @param revoked told the hash of every key this node revokes, before the call returns */
    public TenantAdmin(TenantStore tenants, ApiKeyStore keys, VectorGrid vectors, Consumer<String> revoked) {
        this.tenants = tenants;
        this.keys = keys;
        this.vectors = vectors;
        this.revoked = revoked;
    }

    public record Created(TenantEntry tenant, IssuedKey key) {
    }

    public record Deleted(int droppedIndexes, int revokedKeys) {
    }

    /** Creates the tenant and a first key for it; ALREADY_EXISTS if the id is taken. */
    public Created create(TenantId id, String displayName) {
        if (displayName.length() > MAX_DISPLAY_NAME) {
            throw PyropeException.invalid("display_name is " + displayName.length() + " characters; the limit is " + MAX_DISPLAY_NAME);
        }
        TenantEntry entry = tenants.createIfAbsent(id, displayName)
                .orElseThrow(() -> new PyropeException(ErrorCode.ALREADY_EXISTS, "tenant '" + id + "' already exists"));
        return new Created(entry, keys.issue(id, KeyRole.TENANT_ADMIN));
    }

    public List<TenantEntry> list() {
        return tenants.list();
    }

    /**
     * Revokes the tenant's keys first (no new requests get in), then drops its indexes and vectors,
     * then removes the tenant.
     */
    public Deleted delete(TenantId id) {
        requireExists(id);
        List<String> hashes = keys.revokeAll(id);
        hashes.forEach(revoked);
        int dropped = vectors.dropAllIndexes(id);
        tenants.remove(id);
        return new Deleted(dropped, hashes.size());
    }

    public IssuedKey issueKey(TenantId id, KeyRole role) {
        requireExists(id);
        return keys.issue(id, role);
    }

    /**
     * Revokes a key by its public id; false if no active key has that id (among {@code owner}'s
     * keys when given: a tenant admin cannot revoke, or learn about, another tenant's keys).
     */
    public boolean revokeKey(String keyId, Optional<TenantId> owner) {
        if (keyId == null || keyId.isBlank()) {
            throw PyropeException.invalid("key_id is required");
        }
        return keys.revoke(keyId, owner).map(hash -> {
            revoked.accept(hash);
            return true;
        }).orElse(false);
    }

    public void requireExists(TenantId id) {
        if (!tenants.exists(id)) {
            throw PyropeException.notFound("tenant '" + id + "' does not exist");
        }
    }
}
