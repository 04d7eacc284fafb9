package io.pyrope.node.api;

import io.pyrope.api.v1.DeleteAliasRequest;
import io.pyrope.api.v1.DeleteAliasResponse;
import io.pyrope.api.v1.GetAliasRequest;
import io.pyrope.api.v1.GetAliasResponse;
import io.pyrope.api.v1.SetAliasRequest;
import io.pyrope.api.v1.SetAliasResponse;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.TenantId;
import io.pyrope.node.auth.Caller;
import io.pyrope.node.cache.AliasStore;

/** The alias RPCs of CacheService without the transport: validation, the caller's tenant, proto in and out. */
public final class AliasApi {
    public static final int MAX_KEY_CHARS = 1024;
    private static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    private final AliasStore aliases;
    private final VectorGrid grid;

    public AliasApi(AliasStore aliases, VectorGrid grid) {
        this.aliases = aliases;
        this.grid = grid;
    }

    public SetAliasResponse setAlias(Caller caller, SetAliasRequest r) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "SetAlias");
        String index = IndexSpec.validateName(r.getIndex());
        String key = key("query_key", r.getQueryKey());
        String canonical = key("canonical_key", r.getCanonicalKey());
        if (key.equals(canonical)) {
            throw PyropeException.invalid("query_key and canonical_key are the same ('" + key + "'); an alias must point elsewhere");
        }
        if (!(r.getConfidence() >= 0 && r.getConfidence() <= 1)) {
            throw PyropeException.invalid("confidence must be 0..1, got " + r.getConfidence());
        }
        if (r.getTtlSeconds() < 1 || r.getTtlSeconds() > MAX_TTL_SECONDS) {
            throw PyropeException.invalid("ttl_seconds must be 1.." + MAX_TTL_SECONDS + ", got " + r.getTtlSeconds());
        }
        grid.describeIndex(tenant, index);
        boolean created = aliases.set(tenant, index, key, canonical, r.getConfidence(), r.getTtlSeconds() * 1000L);
        return SetAliasResponse.newBuilder().setCreated(created).build();
    }

    public GetAliasResponse getAlias(Caller caller, GetAliasRequest r) {
        TenantId tenant = caller.requireTenant();
        String index = IndexSpec.validateName(r.getIndex());
        return aliases.get(tenant, index, key("query_key", r.getQueryKey()))
                .map(a -> GetAliasResponse.newBuilder().setFound(true).setCanonicalKey(a.canonical())
                        .setConfidence(a.confidence()).setExpiresAtMs(a.expiresAtMs()).setActive(a.active()).build())
                .orElse(GetAliasResponse.newBuilder().setFound(false).build());
    }

    public DeleteAliasResponse deleteAlias(Caller caller, DeleteAliasRequest r) {
        TenantId tenant = caller.requireRole(KeyRole.WRITER, "DeleteAlias");
        String index = IndexSpec.validateName(r.getIndex());
        return DeleteAliasResponse.newBuilder().setDeleted(aliases.delete(tenant, index, key("query_key", r.getQueryKey())))
                .build();
    }

    private static String key(String field, String value) {
        if (value.isEmpty() || value.length() > MAX_KEY_CHARS) {
            throw PyropeException.invalid(field + " must be 1.." + MAX_KEY_CHARS + " characters, got " + value.length());
        }
        return value;
    }
}
