package io.pyrope.node.grpc;

import io.grpc.stub.StreamObserver;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.ClusterInfoRequest;
import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.CreateTenantResponse;
import io.pyrope.api.v1.DeleteTenantRequest;
import io.pyrope.api.v1.DeleteTenantResponse;
import io.pyrope.api.v1.GetTenantPolicyRequest;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.IssueKeyRequest;
import io.pyrope.api.v1.IssueKeyResponse;
import io.pyrope.api.v1.ListTenantsRequest;
import io.pyrope.api.v1.ListTenantsResponse;
import io.pyrope.api.v1.RevokeKeyRequest;
import io.pyrope.api.v1.RevokeKeyResponse;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantPolicy;
import io.pyrope.api.v1.Usage;
import io.pyrope.node.api.AdminApi;

/** Thin gRPC handler over {@link AdminApi}. */
final class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {
    private final AdminApi api;

    AdminGrpcService(AdminApi api) {
        this.api = api;
    }

    @Override
    public void createTenant(CreateTenantRequest request, StreamObserver<CreateTenantResponse> out) {
        Unary.call("CreateTenant", request, out, api::createTenant);
    }

    @Override
    public void listTenants(ListTenantsRequest request, StreamObserver<ListTenantsResponse> out) {
        Unary.call("ListTenants", request, out, api::listTenants);
    }

    @Override
    public void deleteTenant(DeleteTenantRequest request, StreamObserver<DeleteTenantResponse> out) {
        Unary.call("DeleteTenant", request, out, api::deleteTenant);
    }

    @Override
    public void issueKey(IssueKeyRequest request, StreamObserver<IssueKeyResponse> out) {
        Unary.call("IssueKey", request, out, api::issueKey);
    }

    @Override
    public void revokeKey(RevokeKeyRequest request, StreamObserver<RevokeKeyResponse> out) {
        Unary.call("RevokeKey", request, out, api::revokeKey);
    }

    @Override
    public void clusterInfo(ClusterInfoRequest request, StreamObserver<ClusterInfoResponse> out) {
        Unary.call("ClusterInfo", request, out, api::clusterInfo);
    }

    @Override
    public void setTenantPolicy(SetTenantPolicyRequest request, StreamObserver<TenantPolicy> out) {
        Unary.call("SetTenantPolicy", request, out, api::setTenantPolicy);
    }

    @Override
    public void getTenantPolicy(GetTenantPolicyRequest request, StreamObserver<TenantPolicy> out) {
        Unary.call("GetTenantPolicy", request, out, api::getTenantPolicy);
    }

    @Override
    public void getUsage(GetUsageRequest request, StreamObserver<Usage> out) {
        Unary.call("GetUsage", request, out, api::getUsage);
    }
}
