package io.pyrope.node.tenant;

import io.pyrope.domain.KeyRole;
import io.pyrope.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Sets up the tenant {@code default} so a new user can start at once. Safe to run on every node
 * at every start: only the node that creates the tenant (a cluster-wide putIfAbsent) generates a
 * key, and it prints that key once.
 */
public final class DefaultTenant {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultTenant.class);

    private DefaultTenant() {
    }

    /**
     * @param envKey the key from PYROPE_DEFAULT_API_KEY, if set: registered (idempotently) for the tenant
     * @return the generated key, when this call created the tenant and no key came from the environment
     */
    public static Optional<IssuedKey> ensure(TenantStore tenants, ApiKeyStore keys, Optional<String> envKey) {
        boolean created = tenants.createIfAbsent(TenantId.DEFAULT, "Default tenant").isPresent();
        if (envKey.isPresent()) {
            String keyId = keys.register(envKey.get(), TenantId.DEFAULT);
            LOG.info("tenant 'default' {}; its API key is PYROPE_DEFAULT_API_KEY (key id {})",
                    created ? "created" : "present", keyId);
            return Optional.empty();
        }
        if (!created) {
            LOG.info("tenant 'default' present; its API key was printed by the node that created it "
                    + "(or set PYROPE_DEFAULT_API_KEY)");
            return Optional.empty();
        }
        IssuedKey key = keys.issue(TenantId.DEFAULT, KeyRole.TENANT_ADMIN);
        LOG.info("tenant 'default' created. Its API key, shown only now: {}  (key id {}; "
                + "send 'authorization: Bearer <key>'; set PYROPE_DEFAULT_API_KEY to choose your own)", key.secret(), key.keyId());
        return Optional.of(key);
    }
}
