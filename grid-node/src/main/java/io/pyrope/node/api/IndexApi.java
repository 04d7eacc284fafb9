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
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.node.auth.Caller;

/** IndexService without the transport: proto in, proto out, {@link PyropeException} on failure. */
public final class IndexApi {
    /** Internal indexes (the LLM-response cache's namespaces) are named with this prefix. */
    public static final String RESERVED_PREFIX = "pyrope-";

    private final VectorGrid grid;

    public IndexApi(VectorGrid grid) {
        this.grid = grid;
    }

    public CreateIndexResponse createIndex(Caller caller, CreateIndexRequest request) {
        if (!request.hasSpec()) {
            throw PyropeException.invalid("spec is required (name, dimension, metric)");
        }
        IndexSpec spec = ProtoMapping.toDomain(request.getSpec());
        if (spec.name().startsWith(RESERVED_PREFIX)) {
            throw PyropeException.invalid("index names starting with '" + RESERVED_PREFIX
                    + "' are reserved for Pyrope's internal indexes (e.g. the LLM-response cache); choose another name");
        }
        IndexInfo info = grid.createIndex(caller.requireTenant(), spec);
        return CreateIndexResponse.newBuilder().setIndex(ProtoMapping.toProto(info)).build();
    }

    public IndexDescription describeIndex(Caller caller, DescribeIndexRequest request) {
        return ProtoMapping.toProto(grid.describeIndex(caller.requireTenant(), IndexSpec.validateName(request.getName())));
    }

    public ListIndexesResponse listIndexes(Caller caller, ListIndexesRequest request) {
        ListIndexesResponse.Builder b = ListIndexesResponse.newBuilder();
        for (IndexInfo info : grid.listIndexes(caller.requireTenant())) {
            if (info.spec().name().startsWith(RESERVED_PREFIX)) {
                continue;
            }
            b.addIndexes(ProtoMapping.toProto(info));
        }
        return b.build();
    }

    public DropIndexResponse dropIndex(Caller caller, DropIndexRequest request) {
        long removed = grid.dropIndex(caller.requireTenant(), IndexSpec.validateName(request.getName()));
        return DropIndexResponse.newBuilder().setRemovedVectors(removed).build();
    }
}
