package io.pyrope.node.api;

import io.pyrope.domain.KeyRole;
import io.pyrope.domain.TenantId;
import io.pyrope.node.audit.AuditLog;
import io.pyrope.node.quota.QuotaGuard;
import io.pyrope.api.ProtoMapping;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.CreateIndexResponse;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.DropIndexResponse;
import io.pyrope.api.v1.IndexDescription;
import io.pyrope.api.v1.ListIndexesRequest;
import io.pyrope.api.v1.ListIndexesResponse;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.sidecar.SidecarModel;
import io.pyrope.node.embed.TextEmbedding;

/**
 * IndexService without the transport: proto in, proto out, {@link PyropeException} on failure.
 * Reading needs any key of the tenant; creating and dropping need a TENANT_ADMIN key, count
 * against the index quota and go to the audit log.
 */
public final class IndexApi {
    /** Internal indexes (the LLM-response cache's namespaces) are named with this prefix. */
    public static final String RESERVED_PREFIX = "pyrope-";

    private final VectorGrid grid;
    private final QuotaGuard quotas;
    private final AuditLog audit;
    private final TextEmbedding embedding;

    /** @param embedding asked for the sidecar's model when an index is created for text */
    public IndexApi(VectorGrid grid, QuotaGuard quotas, AuditLog audit, TextEmbedding embedding) {
        this.grid = grid;
        this.quotas = quotas;
        this.audit = audit;
        this.embedding = embedding;
    }

    public CreateIndexResponse createIndex(Caller caller, CreateIndexRequest request) {
        return audit.record(caller, "CreateIndex", request.getSpec().getName(), () -> {
            TenantId tenant = caller.requireRole(KeyRole.TENANT_ADMIN, "CreateIndex");
            quotas.admit(tenant, request.getSerializedSize(), 1);
            if (!request.hasSpec()) {
                throw PyropeException.invalid("spec is required (name, dimension, metric)");
            }
            IndexSpec spec = ProtoMapping.toDomain(withEmbeddingDimension(request.getSpec()));
            if (spec.name().startsWith(RESERVED_PREFIX)) {
                throw PyropeException.invalid("index names starting with '" + RESERVED_PREFIX
                        + "' are reserved for Pyrope's internal indexes (e.g. the LLM-response cache); choose another name");
            }
            quotas.checkNewIndex(tenant);
            IndexInfo info = grid.createIndex(tenant, spec);
            return CreateIndexResponse.newBuilder().setIndex(ProtoMapping.toProto(info)).build();
        });
    }

    public IndexDescription describeIndex(Caller caller, DescribeIndexRequest request) {
        TenantId tenant = caller.requireTenant();
        quotas.admit(tenant, request.getSerializedSize(), 1);
        return ProtoMapping.toProto(grid.describeIndex(tenant, IndexSpec.validateName(request.getName())));
    }

    public ListIndexesResponse listIndexes(Caller caller, ListIndexesRequest request) {
        TenantId tenant = caller.requireTenant();
        quotas.admit(tenant, request.getSerializedSize(), 1);
        ListIndexesResponse.Builder b = ListIndexesResponse.newBuilder();
        for (IndexInfo info : grid.listIndexes(tenant)) {
            if (info.spec().name().startsWith(RESERVED_PREFIX)) {
                continue;
            }
            b.addIndexes(ProtoMapping.toProto(info));
        }
        return b.build();
    }

    public DropIndexResponse dropIndex(Caller caller, DropIndexRequest request) {
        return audit.record(caller, "DropIndex", request.getName(), () -> {
            TenantId tenant = caller.requireRole(KeyRole.TENANT_ADMIN, "DropIndex");
            quotas.admit(tenant, request.getSerializedSize(), 1);
            long removed = grid.dropIndex(tenant, IndexSpec.validateName(request.getName()));
            return DropIndexResponse.newBuilder().setRemovedVectors(removed).build();
        });
    }

    /**
     * For an index created for text: checks the model against the one the sidecar serves (so the
     * sidecar must be up) and takes its dimension when none is given.
     */
    private io.pyrope.api.v1.IndexSpec withEmbeddingDimension(io.pyrope.api.v1.IndexSpec spec) {
        if (spec.getEmbeddingModel().isEmpty()) {
            return spec;
        }
        IndexSpec.validateName(spec.getName());
        SidecarModel served = embedding.sidecarModel();
        if (!served.modelId().equals(spec.getEmbeddingModel())) {
            throw new PyropeException(ErrorCode.FAILED_PRECONDITION, "embedding_model " + spec.getEmbeddingModel()
                    + " is not served here; the sidecar serves " + served.modelId());
        }
        if (spec.getDimension() == 0) {
            return spec.toBuilder().setDimension(served.dimension()).build();
        }
        if (spec.getDimension() != served.dimension()) {
            throw PyropeException.invalid("dimension " + spec.getDimension() + " does not match embedding model "
                    + served.modelId() + ", which makes " + served.dimension() + "-dimensional vectors; pass "
                    + served.dimension() + " or 0");
        }
        return spec;
    }
}
