package io.pyrope.node.cache;

import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredIndex;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The write path's freshness stage: after a write is visible to searches and BEFORE it is
 * acknowledged, bumps the versions of the clusters its vectors are in and of its ids' buckets
 * (see {@link ResultCache} for why that keeps the guarantee), and counts the write heat. A write
 * that failed half-way bumps everything (its effect is unknown). Deletes count as writes.
 */
public final class WriteFreshness {
    private final IndexCatalog catalog;
    private final FreshnessStore versions;
    private final CentroidView centroids;
    private final WriteHeat heat;
    private final CacheMeters meters;

    WriteFreshness(IndexCatalog catalog, FreshnessStore versions, CentroidView centroids, WriteHeat heat, CacheMeters meters) {
        this.catalog = catalog;
        this.versions = versions;
        this.centroids = centroids;
        this.heat = heat;
        this.meters = meters;
    }

    /** After an upsert of {@code written} returned. */
    public void afterUpsert(TenantId tenant, String index, List<VectorRecord> written) {
        touched(tenant, index, written, written.stream().map(VectorRecord::id).toList());
    }

    /** After a delete of {@code ids} returned; {@code removed} are the vectors read before it (for their clusters). */
    public void afterDelete(TenantId tenant, String index, List<String> ids, List<VectorRecord> removed) {
        touched(tenant, index, removed, ids);
    }

    /** After a write that failed after it may have changed something: every cached result of the index goes stale. */
    public void afterUncertainWrite(TenantId tenant, String index) {
        versions.bump(tenant, index, -1, 1, null, new int[0]);
        meters.bump();
    }

    private void touched(TenantId tenant, String index, Collection<VectorRecord> vectors, Collection<String> ids) {
        Metric metric = catalog.find(tenant, index).map(StoredIndex::spec).map(s -> s.metric()).orElse(Metric.COSINE);
        ClusterMap map = centroids.current(tenant, index, metric);
        Map<Integer, Long> perCluster = new HashMap<>();
        for (VectorRecord v : vectors) {
            perCluster.merge(map.clusterOf(v.values()), 1L, Long::sum);
        }
        int[] buckets = ids.stream().mapToInt(VersionVector::bucketOf).distinct().toArray();
        int[] clusters = perCluster.keySet().stream().mapToInt(Integer::intValue).toArray();
        versions.bump(tenant, index, map.version(), map.k(), clusters, buckets);
        meters.bump();
        perCluster.forEach((c, n) -> heat.record(tenant, index, map.version(), c, n));
        // A delete of ids that were not found still counts as a write attempt, on no cluster.
    }
}
