package io.pyrope.node.tenant;

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

    public ApiKeyEntry() {
    }

    public ApiKeyEntry(String keyId, String tenantId, long createdAtMs, long revokedAtMs) {
        this.keyId = keyId;
        this.tenantId = tenantId;
        this.createdAtMs = createdAtMs;
        this.revokedAtMs = revokedAtMs;
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
        return new ApiKeyEntry(keyId, tenantId, createdAtMs, ms);
    }

    @Override
    public String toString() {
        return "ApiKeyEntry[" + keyId + ", tenant=" + tenantId + (revoked() ? ", revoked" : "") + "]";
    }
}
