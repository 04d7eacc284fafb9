package io.pyrope.compute;

import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;

import java.util.List;

/**
 * The cluster's vector storage and search, as one node sees it. Transport-neutral: the gRPC
 * handlers and the thin-client entry task both call this after authenticating the caller.
 *
 * <p>Every method validates its input against the index spec and throws
 * {@link io.pyrope.domain.PyropeException} with an actionable message (INVALID_ARGUMENT,
 * NOT_FOUND, ALREADY_EXISTS, UNAVAILABLE); a rejected call changes nothing. An index of another
 * tenant is NOT_FOUND, exactly as a missing one. Thread-safe.
 */
public interface VectorGrid {

    IndexInfo createIndex(TenantId tenant, IndexSpec spec);

    IndexInfo describeIndex(TenantId tenant, String index);

    /** The index's spec from the catalog (no vector count, so no cluster round trip); NOT_FOUND if absent. */
    IndexSpec indexSpec(TenantId tenant, String index);

    List<IndexInfo> listIndexes(TenantId tenant);

    /** Drops the index and all its vectors; returns the number of vectors removed. */
    long dropIndex(TenantId tenant, String index);

    /** Drops every index of the tenant; returns how many indexes were dropped. */
    int dropAllIndexes(TenantId tenant);

    /**
     * Validates the whole batch, then stores it. On return every vector is on its primary and
     * backup copies and indexed there, so any search that starts afterwards sees it.
     */
    long upsert(TenantId tenant, String index, List<VectorRecord> vectors);

    /** Found vectors in request order; missing ids are skipped. Values empty unless asked for. */
    List<VectorRecord> get(TenantId tenant, String index, List<String> ids, boolean includeVectors);

    /** Removes the ids; returns how many existed. Visible to every search started after return. */
    long delete(TenantId tenant, String index, List<String> ids);

    SearchResult search(TenantId tenant, String index, SearchQuery query);

    /** The index's spec and this node's shard sizes, for cost estimates; NOT_FOUND as search. Local only. */
    IndexShape shape(TenantId tenant, String index);

    ClusterView clusterInfo();
}
