package io.pyrope.node.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.centroid.Centroids;

import java.time.Duration;

/**
 * The current {@link ClusterMap} of each index, re-read from the catalog at most once a second.
 * A stale map costs hit rate, never freshness: results and writes carry the centroid version they
 * used, and a mismatch with the stored versions makes results stale (see {@link VersionVector}).
 */
final class CentroidView {
    private static final Duration REFRESH = Duration.ofSeconds(1);

    private final IndexCatalog catalog;
    private final Cache<String, ClusterMap> maps = Caffeine.newBuilder()
            .expireAfterWrite(REFRESH).maximumSize(10_000).build();

    CentroidView(IndexCatalog catalog) {
        this.catalog = catalog;
    }

    ClusterMap current(TenantId tenant, String index, Metric metric) {
        return maps.get(FreshnessStore.key(tenant, index) + '\u0000' + metric, k -> load(tenant, index, metric));
    }

    private ClusterMap load(TenantId tenant, String index, Metric metric) {
        StoredCentroids s = catalog.centroids(tenant, index).orElse(null);
        if (s == null || s.k() < 1) {
            return ClusterMap.single(metric);
        }
        return new ClusterMap(s.version(), new Centroids(s.version(), s.k(), s.dimension(), metric, s.data()), metric);
    }
}
