package io.pyrope.node.auth;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;

import java.util.Optional;

/**
 * Who is calling, as resolved from an API key: a tenant (tenant keys) or the cluster admin (the
 * admin key, which belongs to no tenant).
 *
 * @param keyId public id of the key used; "admin" for the admin key
 */
public record Caller(Optional<TenantId> tenant, boolean admin, String keyId, KeyRole role) {
    public static final String ADMIN_KEY_ID = "admin";

    public static Caller ofTenant(TenantId tenant, String keyId, KeyRole role) {
        return new Caller(Optional.of(tenant), false, keyId, role);
    }

    public static Caller ofAdmin() {
        return new Caller(Optional.empty(), true, ADMIN_KEY_ID, KeyRole.TENANT_ADMIN);
    }

    /** The caller's tenant, if its key's role allows {@code operation}; PERMISSION_DENIED otherwise. */
    public TenantId requireRole(KeyRole needed, String operation) {
        TenantId t = requireTenant();
        if (!role.includes(needed)) {
            throw new PyropeException(ErrorCode.PERMISSION_DENIED, operation + " needs a " + needed
                    + " key (or higher); this key (" + keyId + ") is " + role);
        }
        return t;
    }

    /**
     * The tenant a tenant-scoped admin call acts on: any tenant for the cluster admin (which must
     * name it), the caller's own for a tenant key of at least role {@code needed} (which may leave
     * it empty, and may not name another tenant).
     */
    public TenantId tenantToManage(String requestedTenant, KeyRole needed, String operation) {
        if (admin) {
            if (requestedTenant == null || requestedTenant.isEmpty()) {
                throw PyropeException.invalid(operation + " with the admin key needs tenant_id");
            }
            return new TenantId(requestedTenant);
        }
        TenantId own = requireRole(needed, operation);
        if (requestedTenant != null && !requestedTenant.isEmpty() && !requestedTenant.equals(own.value())) {
            throw new PyropeException(ErrorCode.PERMISSION_DENIED, operation + ": a tenant key may only manage its own tenant");
        }
        return own;
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
