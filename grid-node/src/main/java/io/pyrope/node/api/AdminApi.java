package io.pyrope.node.api;

import io.pyrope.api.TenancyMapping;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.CreateTenantResponse;
import io.pyrope.api.v1.DeleteTenantRequest;
import io.pyrope.api.v1.DeleteTenantResponse;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.IssueKeyResponse;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.ListTenantsResponse;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.RevokeKeyResponse;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.Tenant;
import io.pyrope.api.v1.Usage;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.node.audit.AuditLog;
import io.pyrope.node.budget.UsageLedger;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.tenant.IssuedKey;
import io.pyrope.node.tenant.TenantAdmin;
import io.pyrope.node.tenant.TenantEntry;
import io.pyrope.node.tenant.TenantPolicyStore;

import java.time.YearMonth;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * AdminService without the transport. Tenants and their policies: the cluster admin key. Keys: the
 * admin key for any tenant, a tenant's TENANT_ADMIN key for its own. Usage: any key of the tenant
 * for its own, the admin key for any. Every change goes to the audit log.
 */
public final class AdminApi {
    private final TenantAdmin tenants;
    private final VectorGrid grid;
    private final TenantPolicyStore policies;
    private final UsageLedger usage;
    private final AuditLog audit;

    public AdminApi(TenantAdmin tenants, VectorGrid grid, TenantPolicyStore policies, UsageLedger usage, AuditLog audit) {
        this.tenants = tenants;
        this.grid = grid;
        this.policies = policies;
        this.usage = usage;
        this.audit = audit;
    }

    public CreateTenantResponse createTenant(Caller caller, CreateTenantRequest request) {
        return audit.record(caller, "CreateTenant", request.getId(), () -> {
            caller.requireAdmin("CreateTenant");
            TenantAdmin.Created created = tenants.create(new TenantId(request.getId()), request.getDisplayName());
            return CreateTenantResponse.newBuilder()
                    .setTenant(toProto(created.tenant()))
                    .setApiKey(created.key().secret())
                    .setKeyId(created.key().keyId())
                    .build();
        });
    }

    public ListTenantsResponse listTenants(Caller caller, ListTenantsRequest request) {
        caller.requireAdmin("ListTenants");
        ListTenantsResponse.Builder b = ListTenantsResponse.newBuilder();
        for (TenantEntry t : tenants.list()) {
            b.addTenants(toProto(t));
        }
        return b.build();
    }

    public DeleteTenantResponse deleteTenant(Caller caller, DeleteTenantRequest request) {
        return audit.record(caller, "DeleteTenant", request.getId(), () -> {
            caller.requireAdmin("DeleteTenant");
            TenantId id = new TenantId(request.getId());
            TenantAdmin.Deleted d = tenants.delete(id);
            policies.remove(id);
            return DeleteTenantResponse.newBuilder()
                    .setDroppedIndexes(d.droppedIndexes())
                    .setRevokedKeys(d.revokedKeys())
                    .build();
        });
    }

    public IssueKeyResponse issueKey(Caller caller, IssueKeyRequest request) {
        return audit.record(caller, "IssueKey", request.getTenantId(), () -> {
            TenantId tenant = caller.tenantToManage(request.getTenantId(), KeyRole.TENANT_ADMIN, "IssueKey");
            IssuedKey key = tenants.issueKey(tenant, TenancyMapping.toDomain(request.getRole()));
            return IssueKeyResponse.newBuilder().setApiKey(key.secret()).setKeyId(key.keyId()).build();
        });
    }

    public RevokeKeyResponse revokeKey(Caller caller, RevokeKeyRequest request) {
        return audit.record(caller, "RevokeKey", request.getKeyId(), () -> {
            Optional<TenantId> owner = caller.admin() ? Optional.empty()
                    : Optional.of(caller.requireRole(KeyRole.TENANT_ADMIN, "RevokeKey"));
            return RevokeKeyResponse.newBuilder().setRevoked(tenants.revokeKey(request.getKeyId(), owner)).build();
        });
    }

    public io.pyrope.api.v1.TenantPolicy setTenantPolicy(Caller caller, SetTenantPolicyRequest request) {
        return audit.record(caller, "SetTenantPolicy", request.getTenantId(), () -> {
            caller.requireAdmin("SetTenantPolicy");
            TenantId tenant = new TenantId(request.getTenantId());
            TenantPolicy policy = TenancyMapping.toDomain(request.getQuotas(), request.getBudget());
            tenants.requireExists(tenant);
            policies.put(tenant, policy);
            return TenancyMapping.toProto(tenant, policy);
        });
    }

    public io.pyrope.api.v1.TenantPolicy getTenantPolicy(Caller caller, GetTenantPolicyRequest request) {
        TenantId tenant = caller.tenantToManage(request.getTenantId(), KeyRole.TENANT_ADMIN, "GetTenantPolicy");
        tenants.requireExists(tenant);
        return TenancyMapping.toProto(tenant, policies.get(tenant));
    }

    public Usage getUsage(Caller caller, GetUsageRequest request) {
        TenantId tenant = caller.tenantToManage(request.getTenantId(), KeyRole.READER, "GetUsage");
        tenants.requireExists(tenant);
        YearMonth month;
        if (request.getYear() == 0 && request.getMonth() == 0) {
            month = usage.currentMonth();
        } else if (request.getYear() < 1970 || request.getYear() > 9999 || request.getMonth() < 1 || request.getMonth() > 12) {
            throw PyropeException.invalid("year and month must name a calendar month (e.g. 2026 and 11), or both be 0 for "
                    + "the current month; got " + request.getYear() + "-" + request.getMonth());
        } else {
            month = YearMonth.of(request.getYear(), request.getMonth());
        }
        return TenancyMapping.toProto(tenant, usage.usage(tenant, month, policies.get(tenant).budget().monthlyBudget()));
    }

    /** Open to any valid key. */
    public ClusterInfoResponse clusterInfo(Caller caller, ClusterInfoRequest request) {
        Predicate<String> visible = caller.admin() ? t -> true
                : t -> caller.tenant().map(own -> own.value().equals(t)).orElse(false);
        return ClusterInfoMapping.toProto(grid.clusterInfo(), visible);
    }

    private static Tenant toProto(TenantEntry t) {
        return Tenant.newBuilder()
                .setId(t.id())
                .setDisplayName(t.displayName() == null ? "" : t.displayName())
                .setCreatedAtMs(t.createdAtMs())
                .build();
    }
}
