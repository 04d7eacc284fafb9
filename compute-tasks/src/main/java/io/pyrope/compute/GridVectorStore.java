package io.pyrope.compute;

import io.pyrope.compute.admin.AwaitWritesJob;
import io.pyrope.compute.admin.CountVectorsJob;
import io.pyrope.compute.admin.DropIndexJob;
import io.pyrope.compute.admin.ShardStatsJob;
import io.pyrope.compute.catalog.IndexCatalog;
import io.pyrope.compute.catalog.StoredCentroids;
import io.pyrope.compute.catalog.StoredIndex;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.compute.ignite.WritesInFlight;
import io.pyrope.compute.search.ScatterGatherSearch;
import io.pyrope.domain.CentroidInfo;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.Validation;
import io.pyrope.domain.VectorRecord;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardStats;
import io.pyrope.shard.ignite.VectorKey;
import io.pyrope.shard.ignite.VectorValue;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.affinity.Affinity;
import org.apache.ignite.cluster.ClusterNode;

import javax.cache.CacheException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** {@link VectorGrid} over the Ignite caches, the shard compute jobs and the index catalog. */
final class GridVectorStore implements VectorGrid {
    /** How long a drop waits on each node for the writes accepted before it. */
    private static final Duration DROP_WRITES_TIMEOUT = Duration.ofSeconds(30);

    private final Ignite ignite;
    private final IgniteCache<VectorKey, VectorValue> vectors;
    private final IndexCatalog catalog;
    private final ScatterGatherSearch searcher;
    private final WritesInFlight writes;
    private volatile DataNodeCount dataNodeCount = new DataNodeCount(-1, 1);

    GridVectorStore(Ignite ignite, IndexCatalog catalog, ScatterGatherSearch searcher, WritesInFlight writes) {
        this.ignite = ignite;
        this.vectors = ignite.cache(CacheLayout.VECTORS);
        this.catalog = catalog;
        this.searcher = searcher;
        this.writes = writes;
    }

    @Override
    public IndexInfo createIndex(TenantId tenant, IndexSpec spec) {
        StoredIndex stored = guarded(() -> catalog.create(tenant, spec));
        return new IndexInfo(stored.spec(), 0, new CentroidInfo(spec.centroids(), 0, 0, 0), stored.createdAtMs());
    }

    @Override
    public IndexInfo describeIndex(TenantId tenant, String index) {
        return describe(tenant, guarded(() -> catalog.requireActive(tenant, index)));
    }

    @Override
    public IndexSpec indexSpec(TenantId tenant, String index) {
        return guarded(() -> catalog.requireActive(tenant, index)).spec();
    }

    @Override
    public List<IndexInfo> listIndexes(TenantId tenant) {
        List<IndexInfo> out = new ArrayList<>();
        for (StoredIndex s : guarded(() -> catalog.list(tenant))) {
            out.add(describe(tenant, s));
        }
        return out;
    }

    @Override
    public long dropIndex(TenantId tenant, String index) {
        // A DROPPING index (an earlier drop failed half-way) is dropped again, not reported missing.
        guarded(() -> catalog.requireExisting(tenant, index));
        long count = countVectors(tenant, index);
        guarded(() -> {
            catalog.markDropping(tenant, index);
            // Writes accepted before the mark must land before the entries are removed.
            var dataNodes = ignite.compute(ignite.cluster().forDataNodes(CacheLayout.VECTORS));
            if (dataNodes.broadcast(new AwaitWritesJob(tenant, index, DROP_WRITES_TIMEOUT)).contains(false)) {
                throw new PyropeException(ErrorCode.UNAVAILABLE, "index " + index + " is still being written after "
                        + DROP_WRITES_TIMEOUT.toSeconds() + " s; it stays dropping (no new writes), retry the drop");
            }
            dataNodes.broadcast(new DropIndexJob(tenant, index));
            catalog.delete(tenant, index);
            return null;
        });
        return count;
    }

    @Override
    public int dropAllIndexes(TenantId tenant) {
        List<StoredIndex> indexes = guarded(() -> catalog.list(tenant));
        for (StoredIndex s : indexes) {
            dropIndex(tenant, s.spec().name());
        }
        return indexes.size();
    }

    @Override
    public long upsert(TenantId tenant, String index, List<VectorRecord> records) {
        // Registered before the catalog check, so that a drop marked after the check waits for it.
        try (WritesInFlight.Handle ignored = writes.enter(new ShardKey(tenant, index))) {
            IndexSpec spec = guarded(() -> catalog.requireActive(tenant, index)).spec();
            Validation.validateUpsert(spec, records);
            Map<VectorKey, VectorValue> batch = new HashMap<>(records.size() * 2);
            for (VectorRecord r : records) {
                // A repeated id within one batch: the last one wins, as in sequential upserts.
                batch.put(new VectorKey(tenant.value(), index, r.id()), new VectorValue(r.values(), r.metadata(), spec));
            }
            guarded(() -> {
                vectors.putAll(batch);
                return null;
            });
            return batch.size();
        }
    }

    @Override
    public List<VectorRecord> get(TenantId tenant, String index, List<String> ids, boolean includeVectors) {
        guarded(() -> catalog.requireActive(tenant, index));
        Validation.validateIds("get", ids);
        Set<VectorKey> keys = keys(tenant, index, ids);
        Map<VectorKey, VectorValue> found = guarded(() -> vectors.getAll(keys));
        List<VectorRecord> out = new ArrayList<>(found.size());
        for (VectorKey k : keys) {
            VectorValue v = found.get(k);
            if (v != null) {
                out.add(new VectorRecord(k.id(), includeVectors ? v.values() : new float[0], v.metadata()));
            }
        }
        return out;
    }

    @Override
    public long delete(TenantId tenant, String index, List<String> ids) {
        guarded(() -> catalog.requireActive(tenant, index));
        Validation.validateIds("delete", ids);
        Set<VectorKey> keys = keys(tenant, index, ids);
        return guarded(() -> {
            Set<VectorKey> present = vectors.getAll(keys).keySet();
            vectors.removeAll(keys);
            return (long) present.size();
        });
    }

    @Override
    public SearchResult search(TenantId tenant, String index, SearchQuery query) {
        IndexSpec spec = guarded(() -> catalog.requireActive(tenant, index)).spec();
        Validation.validateSearch(spec, query);
        return searcher.search(tenant, index, query.withNprobe(spec.resolveNprobe(query.nprobe())));
    }

    @Override
    public IndexShape shape(TenantId tenant, String index) {
        IndexSpec spec = guarded(() -> catalog.requireActive(tenant, index)).spec();
        int dataNodes = dataNodes();
        return NodeServices.shard(ignite, new ShardKey(tenant, index))
                .map(s -> {
                    ShardStats st = s.stats();
                    return new IndexShape(spec, st.liveVectors(), st.headVectors(), st.segments(), dataNodes);
                })
                .orElse(new IndexShape(spec, 0, 0, 0, dataNodes));
    }

    /** Data nodes of the vectors cache, recounted only when the topology version moves (every search asks). */
    private int dataNodes() {
        long version = ignite.cluster().topologyVersion();
        DataNodeCount known = dataNodeCount;
        if (known.topologyVersion() != version) {
            known = new DataNodeCount(version, Math.max(1, ignite.cluster().forDataNodes(CacheLayout.VECTORS).nodes().size()));
            dataNodeCount = known;
        }
        return known.count();
    }

    private record DataNodeCount(long topologyVersion, int count) {
    }

    @Override
    public ClusterView clusterInfo() {
        return guarded(() -> {
            Affinity<Object> affinity = ignite.affinity(CacheLayout.VECTORS);
            Collection<ShardStatsJob.Result> stats =
                    ignite.compute(ignite.cluster().forServers()).broadcast(new ShardStatsJob());
            Map<String, ShardStatsJob.Result> byNode = new HashMap<>();
            for (ShardStatsJob.Result r : stats) {
                byNode.put(r.nodeId, r);
            }
            List<ClusterView.NodeView> nodes = new ArrayList<>();
            for (ClusterNode n : ignite.cluster().forServers().nodes()) {
                ShardStatsJob.Result r = byNode.get(n.id().toString());
                List<ClusterView.ShardView> shards = new ArrayList<>();
                if (r != null) {
                    for (int i = 0; i < r.tenants.length; i++) {
                        shards.add(new ClusterView.ShardView(r.tenants[i], r.indexes[i], r.vectors[i], r.head[i], r.segments[i]));
                    }
                }
                String grpc = n.attribute(GridSettings.ATTR_GRPC_ADDRESS);
                nodes.add(new ClusterView.NodeView(n.id().toString(), String.valueOf(n.consistentId()), n.isLocal(),
                        affinity.primaryPartitions(n).length, affinity.backupPartitions(n).length, shards,
                        grpc == null ? "" : grpc));
            }
            int backups = ignite.cache(CacheLayout.VECTORS)
                    .getConfiguration(org.apache.ignite.configuration.CacheConfiguration.class).getBackups();
            return new ClusterView(nodes, affinity.partitions(), backups, ignite.cluster().topologyVersion());
        });
    }

    private IndexInfo describe(TenantId tenant, StoredIndex stored) {
        IndexSpec spec = stored.spec();
        long count = countVectors(tenant, spec.name());
        StoredCentroids c = guarded(() -> catalog.centroids(tenant, spec.name())).orElse(null);
        CentroidInfo centroids = c == null
                ? new CentroidInfo(spec.centroids(), 0, 0, 0)
                : new CentroidInfo(spec.centroids(), c.k(), c.version(), c.trainedOnVectors());
        return new IndexInfo(spec, count, centroids, stored.createdAtMs());
    }

    long countVectors(TenantId tenant, String index) {
        return guarded(() -> {
            int partitions = ignite.affinity(CacheLayout.VECTORS).partitions();
            for (int attempt = 1; ; attempt++) {
                long total = 0;
                java.util.BitSet covered = new java.util.BitSet(partitions);
                int claims = 0;
                for (CountVectorsJob.Result r : ignite.compute(ignite.cluster().forDataNodes(CacheLayout.VECTORS))
                        .broadcast(new CountVectorsJob(tenant, index))) {
                    total += r.count;
                    claims += r.partitions.length;
                    for (int p : r.partitions) {
                        covered.set(p);
                    }
                }
                // Every partition counted exactly once, or the nodes saw different assignments.
                if ((covered.cardinality() == partitions && claims == partitions) || attempt == 20) {
                    return total;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        });
    }

    private static Set<VectorKey> keys(TenantId tenant, String index, List<String> ids) {
        Set<VectorKey> keys = new LinkedHashSet<>();
        for (String id : ids) {
            keys.add(new VectorKey(tenant.value(), index, id));
        }
        return keys;
    }

    /** Maps cluster trouble (topology change, node loss mid-operation) to UNAVAILABLE. */
    private static <T> T guarded(Supplier<T> op) {
        try {
            return op.get();
        } catch (PyropeException e) {
            throw e;
        } catch (CacheException | IgniteException e) {
            throw new PyropeException(ErrorCode.UNAVAILABLE,
                    "the cluster could not complete the operation (" + e.getClass().getSimpleName()
                            + "); it is safe to retry", e);
        }
    }
}
