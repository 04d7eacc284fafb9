package io.pyrope.node.api;

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

/** IndexService without the transport: proto in, proto out, {@link PyropeException} on failure. */
public final class IndexApi {
    private final VectorGrid grid;
    private final TextEmbedding embedding;

    /** @param embedding asked for the sidecar's model when an index is created for text */
    public IndexApi(VectorGrid grid, TextEmbedding embedding) {
        this.grid = grid;
        this.embedding = embedding;
    }

    public CreateIndexResponse createIndex(Caller caller, CreateIndexRequest request) {
        if (!request.hasSpec()) {
            throw PyropeException.invalid("spec is required (name, dimension, metric)");
        }
        IndexSpec spec = ProtoMapping.toDomain(withEmbeddingDimension(request.getSpec()));
        IndexInfo info = grid.createIndex(caller.requireTenant(), spec);
        return CreateIndexResponse.newBuilder().setIndex(ProtoMapping.toProto(info)).build();
    }

    public IndexDescription describeIndex(Caller caller, DescribeIndexRequest request) {
        return ProtoMapping.toProto(grid.describeIndex(caller.requireTenant(), IndexSpec.validateName(request.getName())));
    }

    public ListIndexesResponse listIndexes(Caller caller, ListIndexesRequest request) {
        ListIndexesResponse.Builder b = ListIndexesResponse.newBuilder();
        for (IndexInfo info : grid.listIndexes(caller.requireTenant())) {
            b.addIndexes(ProtoMapping.toProto(info));
        }
        return b.build();
    }

    public DropIndexResponse dropIndex(Caller caller, DropIndexRequest request) {
        long removed = grid.dropIndex(caller.requireTenant(), IndexSpec.validateName(request.getName()));
        return DropIndexResponse.newBuilder().setRemovedVectors(removed).build();
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
