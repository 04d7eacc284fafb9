package io.pyrope.shard.ignite;

import io.pyrope.domain.TenantId;
import io.pyrope.shard.ShardKey;

import java.util.Objects;

/**
 * Key of the vectors cache: (tenant, index, id). A plain class, not a record: Ignite's binary
 * marshaller cannot read records back (see shared/STACK.md). Partitioned by the whole key.
 */
public final class VectorKey {
    private final String tenant;
    private final String index;
    private final String id;

    public VectorKey(String tenant, String index, String id) {
        this.tenant = Objects.requireNonNull(tenant);
        this.index = Objects.requireNonNull(index);
        this.id = Objects.requireNonNull(id);
    }

    public String tenant() {
        return tenant;
    }

    public String index() {
        return index;
    }

    public String id() {
        return id;
    }

    public ShardKey shardKey() {
        return new ShardKey(new TenantId(tenant), index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorKey k && id.equals(k.id) && index.equals(k.index) && tenant.equals(k.tenant);
    }

    @Override
    public int hashCode() {
        return (tenant.hashCode() * 31 + index.hashCode()) * 31 + id.hashCode();
    }

    @Override
    public String toString() {
        return tenant + "/" + index + "/" + id;
    }
}
