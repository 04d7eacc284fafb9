package io.pyrope.client;

import io.pyrope.domain.TenantId;

/**
 * An API key as issued: the tenant it resolves to, its public id (for revocation and audit) and
 * the secret, which the server shows only once and stores hashed.
 */
public record ApiKey(TenantId tenant, String keyId, String secret) {
    @Override
    public String toString() {
        // Keep secrets out of logs.
        return "ApiKey[tenant=" + tenant + ", keyId=" + keyId + "]";
    }
}
