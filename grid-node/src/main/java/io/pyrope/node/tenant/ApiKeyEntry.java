package io.pyrope.node.tenant;

import io.pyrope.domain.KeyRole;

/**
 * An API key as stored in the REPLICATED metadata cache, under the SHA-256 of the secret. The
 * secret itself is never stored. A plain class on purpose (no records in Ignite caches).
 */
public final class ApiKeyEntry {
    private String keyId;
    private String tenantId;
    private long createdAtMs;
    /** 0 = active. */
    private long revokedAtMs;
    /** A {@link KeyRole} name; null in entries written before roles existed, read as TENANT_ADMIN (what they could do). */
    private String role;

    public ApiKeyEntry() {
    }

    public ApiKeyEntry(String keyId, String tenantId, long createdAtMs, long revokedAtMs, KeyRole role) {
        this.keyId = keyId;
        this.tenantId = tenantId;
        this.createdAtMs = createdAtMs;
        this.revokedAtMs = revokedAtMs;
        this.role = role.name();
    }

    public KeyRole role() {
        return role == null ? KeyRole.TENANT_ADMIN : KeyRole.valueOf(role);
    }

    public String keyId() {
        return keyId;
    }

    public String tenantId() {
        return tenantId;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public boolean revoked() {
        return revokedAtMs != 0;
    }

    public ApiKeyEntry revokedAt(long ms) {
        return new ApiKeyEntry(keyId, tenantId, createdAtMs, ms, role());
    }

    @Override
    public String toString() {
        return "ApiKeyEntry[" + keyId + ", tenant=" + tenantId + (revoked() ? ", revoked" : "") + "]";
    }
}
