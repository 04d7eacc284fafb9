package io.pyrope.node.search;

import io.pyrope.domain.TenantId;
import io.pyrope.node.cache.CacheProbe;

/**
 * Hears which semantic cluster each search landed in (hit or miss), right after its cache probe.
 * Called on the search's own thread: an implementation must return at once and never block,
 * call out or throw (the sidecar's access reports go to a bounded queue).
 */
@FunctionalInterface
public interface AccessListener {
    AccessListener NONE = (tenant, index, session, queryKey, probe) -> { };

    /**
     * @param session  the request's session id, or the API key's id standing in for it
     * @param queryKey the request's query key, "" for none
     */
    void accessed(TenantId tenant, String index, String session, String queryKey, CacheProbe probe);
}
