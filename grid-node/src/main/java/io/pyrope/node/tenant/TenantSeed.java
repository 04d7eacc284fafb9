package io.pyrope.node.tenant;

import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;

/** A tenant declared in the tenants file: ensured to exist at start, with this policy. */
public record TenantSeed(TenantId id, String displayName, TenantPolicy policy) {
}
