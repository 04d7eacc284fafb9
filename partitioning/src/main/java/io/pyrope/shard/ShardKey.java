package io.pyrope.shard;

import io.pyrope.domain.TenantId;

/** Identifies one index of one tenant; a node keeps one {@link LocalShard} per key. */
public record ShardKey(TenantId tenant, String index) {
    @Override
    public String toString() {
        return tenant.value() + "/" + index;
    }
}
