package io.pyrope.node.auth;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;

import java.util.Optional;

/**
 * Who is calling, as resolved from an API key: a tenant (tenant keys) or the cluster admin (the
 * admin key, which belongs to no tenant).
 *
 * @param keyId public id of the key used; "admin" for the admin key
 */
public record Caller(Optional<TenantId> tenant, boolean admin, String keyId) {
    public static final String ADMIN_KEY_ID = "admin";

    public static Caller ofTenant(TenantId tenant, String keyId) {
        return new Caller(Optional.of(tenant), false, keyId);
    }

    public static Caller ofAdmin() {
        return new Caller(Optional.empty(), true, ADMIN_KEY_ID);
    }

    /** The caller's tenant; PERMISSION_DENIED for the admin key, which has none. */
    public TenantId requireTenant() {
        return tenant.orElseThrow(() -> new PyropeException(ErrorCode.PERMISSION_DENIED,
                "the admin key belongs to no tenant; call index and vector RPCs with a tenant's key "
                        + "(AdminService/IssueKey issues one)"));
    }

    /** PERMISSION_DENIED unless this is the admin key. */
    public void requireAdmin(String operation) {
        if (!admin) {
            throw new PyropeException(ErrorCode.PERMISSION_DENIED,
                    operation + " needs the cluster admin key (PYROPE_ADMIN_KEY); a tenant key may not call it");
        }
    }
}
