package io.pyrope.compute.catalog;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.IndexType;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;

/**
 * An index as stored in the metadata cache. A plain class (Ignite cannot read records back);
 * converted to and from {@link IndexSpec} at the edge of the catalog.
 */
public final class StoredIndex {
    public enum State { ACTIVE, DROPPING }

    private final String tenant;
    private final String name;
    private final int dimension;
    private final String metric;
    private final int m;
    private final int beamWidth;
    private final int centroids;
    /** Null in entries written before text input existed: read as "". */
    private final String embeddingModel;
    /** {@link IndexType} name; null in entries stored before IVF existed (= HNSW). */
    private final String type;
    private final int nprobe;
    private final long createdAtMs;
    private final State state;
    /** The spec as a domain value, built once per deserialised copy (transient: not stored). */
    private transient volatile IndexSpec specCache;

    public StoredIndex(TenantId tenant, IndexSpec spec, long createdAtMs, State state) {
        this.tenant = tenant.value();
        this.name = spec.name();
        this.dimension = spec.dimension();
        this.metric = spec.metric().name();
        this.m = spec.m();
        this.beamWidth = spec.beamWidth();
        this.centroids = spec.centroids();
        this.embeddingModel = spec.embeddingModel();
        this.type = spec.type().name();
        this.nprobe = spec.nprobe();
        this.createdAtMs = createdAtMs;
        this.state = state;
    }

    public TenantId tenant() {
        return new TenantId(tenant);
    }

    public IndexSpec spec() {
        IndexSpec spec = specCache;
        if (spec == null) {
            spec = new IndexSpec(name, dimension, Metric.valueOf(metric), m, beamWidth, centroids,
                    type == null ? IndexType.HNSW : IndexType.valueOf(type), nprobe,
                    embeddingModel == null ? "" : embeddingModel);
            specCache = spec;
        }
        return spec;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    public State state() {
        return state;
    }

    public StoredIndex withState(State newState) {
        return new StoredIndex(tenant(), spec(), createdAtMs, newState);
    }
}
