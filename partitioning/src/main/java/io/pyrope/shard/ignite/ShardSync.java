package io.pyrope.shard.ignite;

import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.events.CacheEvent;
import org.apache.ignite.events.CacheRebalancingEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps this node's shards equal to the vectors-cache entries it holds, primary and backup.
 *
 * <p>Registered as a local event listener in the node configuration (so it sees rebalancing
 * during start-up). Ignite records cache events synchronously in the thread that applies the
 * update, on the primary and on every backup, before a FULL_SYNC write is acknowledged: so when a
 * write returns, every copy's shard already has it (read-your-writes). Rebalancing adds entries
 * one by one (OBJECT_LOADED) and removes them when a partition leaves the node (OBJECT_UNLOADED,
 * then PART_UNLOADED as a sweep).
 */
public final class ShardSync implements IgnitePredicate<Event> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ShardSync.class);

    /** The event types this listener needs; they must also be enabled with setIncludeEventTypes. */
    public static final int[] EVENT_TYPES = {
            EventType.EVT_CACHE_OBJECT_PUT,
            EventType.EVT_CACHE_OBJECT_REMOVED,
            EventType.EVT_CACHE_REBALANCE_OBJECT_LOADED,
            EventType.EVT_CACHE_REBALANCE_OBJECT_UNLOADED,
            EventType.EVT_CACHE_REBALANCE_PART_UNLOADED,
            EventType.EVT_CACHE_REBALANCE_PART_DATA_LOST,
    };

    private final transient String vectorsCache;
    private final transient ShardRegistry registry;
    private final transient AtomicLong skipped = new AtomicLong();
    /** Keys removed while {@link ShardLoader} rebuilds shards: the loader must not bring them back. */
    private final transient Set<VectorKey> removedDuringLoad = ConcurrentHashMap.newKeySet();
    private transient volatile boolean loading;

    public ShardSync(String vectorsCache, ShardRegistry registry) {
        this.vectorsCache = vectorsCache;
        this.registry = registry;
    }

    @Override
    public boolean apply(Event event) {
        try {
            if (event instanceof CacheEvent ce) {
                if (vectorsCache.equals(ce.cacheName())) {
                    onEntryEvent(ce);
                }
            } else if (event instanceof CacheRebalancingEvent re && vectorsCache.equals(re.cacheName())) {
                onPartitionEvent(re);
            }
        } catch (RuntimeException e) {
            // Never let a shard problem fail the cache update itself; count and log it.
            skipped.incrementAndGet();
            LOG.error("shard sync failed for {}: {}", event.name(), e.toString());
        }
        return true;
    }

    /** Entries the listener could not apply (should stay 0; exposed as a metric). */
    public long skippedEvents() {
        return skipped.get();
    }

    private void onEntryEvent(CacheEvent ce) {
        VectorKey key = asKey(ce.key());
        switch (ce.type()) {
            case EventType.EVT_CACHE_OBJECT_PUT, EventType.EVT_CACHE_REBALANCE_OBJECT_LOADED -> {
                VectorValue value = asValue(ce.newValue());
                if (value == null) {
                    return;
                }
                LocalShard shard = shardFor(key, value);
                shard.upsert(key.id(), ce.partition(), value.values(), value.metadata());
            }
            case EventType.EVT_CACHE_OBJECT_REMOVED, EventType.EVT_CACHE_REBALANCE_OBJECT_UNLOADED -> {
                if (loading) {
                    removedDuringLoad.add(key);
                }
                registry.get(key.shardKey()).ifPresent(shard -> shard.delete(key.id()));
            }
            default -> {
            }
        }
    }

    /** From now until {@link #endLoad()}, removals are remembered for {@link #loadStored}. */
    void beginLoad() {
        removedDuringLoad.clear();
        loading = true;
    }

    void endLoad() {
        loading = false;
        removedDuringLoad.clear();
    }

    /**
     * Adds a stored entry found by {@link ShardLoader} unless a live write or removal of its key
     * was seen since the load began (both are newer than what the loader read); true if added.
     */
    boolean loadStored(VectorKey key, int partition, VectorValue value) {
        if (removedDuringLoad.contains(key)) {
            return false;
        }
        return shardFor(key, value).upsertIfAbsent(key.id(), partition, value.values(), value.metadata());
    }

    ShardRegistry registry() {
        return registry;
    }

    private void onPartitionEvent(CacheRebalancingEvent re) {
        if (re.type() == EventType.EVT_CACHE_REBALANCE_PART_UNLOADED) {
            int removed = 0;
            for (LocalShard shard : registry.all().values()) {
                removed += shard.removePartition(re.partition());
            }
            if (removed > 0) {
                LOG.debug("partition {} unloaded: {} stray shard entries removed", re.partition(), removed);
            }
        } else if (re.type() == EventType.EVT_CACHE_REBALANCE_PART_DATA_LOST) {
            LOG.warn("partition {} of {} lost its data (all owners left)", re.partition(), re.cacheName());
        }
    }

    private LocalShard shardFor(VectorKey key, VectorValue value) {
        ShardKey shardKey = key.shardKey();
        return registry.get(shardKey).orElseGet(() -> registry.getOrCreate(shardKey, value.shardSpec(key.index())));
    }

    private static VectorKey asKey(Object key) {
        return key instanceof BinaryObject bo ? bo.deserialize() : (VectorKey) key;
    }

    private static VectorValue asValue(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof BinaryObject bo ? bo.deserialize() : (VectorValue) value;
    }
}
