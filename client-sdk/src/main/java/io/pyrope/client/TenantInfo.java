package io.pyrope.client;

import io.pyrope.domain.TenantId;

/** A tenant as ListTenants reports it. */
public record TenantInfo(TenantId id, String displayName, long createdAtMs) {
}
