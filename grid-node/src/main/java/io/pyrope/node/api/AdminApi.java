package io.pyrope.node.api;

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
import io.pyrope.api.v1.Tenant;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.tenant.IssuedKey;
import io.pyrope.node.tenant.TenantAdmin;
import io.pyrope.node.tenant.TenantEntry;

import java.util.function.Predicate;

/** AdminService without the transport. Everything but ClusterInfo needs the admin key. */
public final class AdminApi {
    private final TenantAdmin tenants;
    private final VectorGrid grid;

    public AdminApi(TenantAdmin tenants, VectorGrid grid) {
        this.tenants = tenants;
        this.grid = grid;
    }

    public CreateTenantResponse createTenant(Caller caller, CreateTenantRequest request) {
        caller.requireAdmin("CreateTenant");
        TenantAdmin.Created created = tenants.create(new TenantId(request.getId()), request.getDisplayName());
        return CreateTenantResponse.newBuilder()
                .setTenant(toProto(created.tenant()))
                .setApiKey(created.key().secret())
                .setKeyId(created.key().keyId())
                .build();
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
        caller.requireAdmin("DeleteTenant");
        TenantAdmin.Deleted d = tenants.delete(new TenantId(request.getId()));
        return DeleteTenantResponse.newBuilder()
                .setDroppedIndexes(d.droppedIndexes())
                .setRevokedKeys(d.revokedKeys())
                .build();
    }

    public IssueKeyResponse issueKey(Caller caller, IssueKeyRequest request) {
        caller.requireAdmin("IssueKey");
        IssuedKey key = tenants.issueKey(new TenantId(request.getTenantId()));
        return IssueKeyResponse.newBuilder().setApiKey(key.secret()).setKeyId(key.keyId()).build();
    }

    public RevokeKeyResponse revokeKey(Caller caller, RevokeKeyRequest request) {
        caller.requireAdmin("RevokeKey");
        return RevokeKeyResponse.newBuilder().setRevoked(tenants.revokeKey(request.getKeyId())).build();
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
