package io.pyrope.node.embed;

import io.pyrope.compute.ignite.DynamicCaches;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.compute.ignite.CacheLayout;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.lang.IgniteBiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeddings by key ({@link EmbeddingKeys}): a node-local Caffeine front over the cluster-wide
 * Ignite cache {@link CacheLayout#EMBEDDINGS} (in the page-evicted cache region, TTL from config).
 * A text embedded on one node is a hit on every other.
 *
 * <p>Model changes: the model the sidecars serve is recorded cluster-wide in the metadata cache.
 * The first node that sees a sidecar answer with another model clears the Ignite cache and tells
 * every node (Ignite messaging) to drop its front. Keys carry the model id as well, so a vector is
 * never served for a model that did not make it, even in the moment before the clear.
 */
public final class EmbeddingCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingCache.class);
    static final String MODEL_KEY = "embedding/model";
    static final String TOPIC = "pyrope-embedding-model-changed";

    private final Ignite ignite;
    private final IgniteCache<String, float[]> grid;
    private final IgniteCache<String, Object> metadata;
    private final Cache<String, float[]> front;
    private final AtomicReference<String> knownModel = new AtomicReference<>();
    private final IgniteBiPredicate<java.util.UUID, Object> listener;
    private final Counter frontHits;
    private final Counter gridHits;
    private final Counter misses;
    private final Counter invalidations;

    public EmbeddingCache(Ignite ignite, Duration ttl, int frontEntries, MeterRegistry meters) {
        this.ignite = ignite;
        this.grid = DynamicCaches.getOrCreate(ignite, CacheLayout.embeddings(ttl.toSeconds()));
        this.metadata = ignite.cache(CacheLayout.METADATA);
        this.front = Caffeine.newBuilder().maximumSize(frontEntries).expireAfterWrite(ttl).build();
        this.listener = (node, message) -> {
            front.invalidateAll();
            knownModel.set((String) message);
            return true;
        };
        ignite.message().localListen(TOPIC, listener);
        String lookups = "pyrope.embedding.cache.lookups";
        this.frontHits = Counter.builder(lookups).tag("result", "front_hit")
                .description("Texts looked up in the embedding cache, by where they were found").register(meters);
        this.gridHits = Counter.builder(lookups).tag("result", "cluster_hit").register(meters);
        this.misses = Counter.builder(lookups).tag("result", "miss").register(meters);
        this.invalidations = Counter.builder("pyrope.embedding.cache.invalidations")
                .description("Wholesale clears because the embedding model changed").register(meters);
        Gauge.builder("pyrope.embedding.cache.size", front, Cache::estimatedSize).tag("level", "front")
                .description("Cached embeddings: node-local front, and this node's primary part of the cluster cache")
                .register(meters);
        Gauge.builder("pyrope.embedding.cache.size", grid, c -> c.localSizeLong(CachePeekMode.PRIMARY))
                .tag("level", "cluster_local_primary").register(meters);
    }

    /** The cached vectors of those keys that are cached (front first, then the cluster cache). */
    public Map<String, float[]> getAll(Collection<String> keys) {
        Map<String, float[]> found = new HashMap<>(front.getAllPresent(keys));
        frontHits.increment(found.size());
        Set<String> rest = new HashSet<>(keys);
        rest.removeAll(found.keySet());
        if (!rest.isEmpty()) {
            Map<String, float[]> fromGrid = grid.getAll(rest);
            gridHits.increment(fromGrid.size());
            misses.increment(rest.size() - fromGrid.size());
            front.putAll(fromGrid);
            found.putAll(fromGrid);
        }
        return found;
    }

    public void putAll(Map<String, float[]> vectors) {
        grid.putAll(vectors);
        front.putAll(vectors);
    }

    /**
     * Called with the model of every sidecar answer. Cheap when the model is the known one; on a
     * change it records the new model cluster-wide and, if another was recorded, clears every
     * node's cache.
     */
    public void modelSeen(String modelId) {
        if (modelId.equals(knownModel.get())) {
            return;
        }
        Object previous = metadata.getAndPut(MODEL_KEY, modelId);
        knownModel.set(modelId);
        if (previous != null && !Objects.equals(previous, modelId)) {
            grid.clear();
            invalidations.increment();
            ignite.message(ignite.cluster().forServers()).send(TOPIC, modelId);
            LOG.info("embedding model changed from {} to {}: embedding cache cleared cluster-wide", previous, modelId);
        }
    }

    /** The model last recorded cluster-wide, if any (as seen by this node). */
    public String recordedModel() {
        Object v = metadata.get(MODEL_KEY);
        return v == null ? null : v.toString();
    }

    /** Entries in the cluster cache (all nodes, primaries). */
    public long clusterSize() {
        return grid.sizeLong(CachePeekMode.PRIMARY);
    }

    @Override
    public void close() {
        ignite.message().stopLocalListen(TOPIC, listener);
        front.invalidateAll();
    }
}
