package io.pyrope.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.shard.ignite.ShardSync;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.CacheEvent;
import org.apache.ignite.events.CacheRebalancingEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;

import java.util.Optional;

/**
 * What this node sees of the grid: server topology size, the vectors-cache partitions it is
 * primary and backup for, rebalancing (entries loaded and unloaded, partitions given up or lost,
 * counted from the events {@link ShardSync} already enables) and the events ShardSync could not
 * apply. Rebalancing during the node's own start happens before this listener is installed and
 * is not counted. {@link #close()} removes the listener.
 */
final class GridMeters implements AutoCloseable {
    private static final int[] REBALANCE_EVENTS = {
            EventType.EVT_CACHE_REBALANCE_OBJECT_LOADED,
            EventType.EVT_CACHE_REBALANCE_OBJECT_UNLOADED,
            EventType.EVT_CACHE_REBALANCE_PART_UNLOADED,
            EventType.EVT_CACHE_REBALANCE_PART_DATA_LOST,
    };

    private final Ignite ignite;
    private final IgnitePredicate<Event> listener;

    GridMeters(Ignite ignite, MeterRegistry registry) {
        this.ignite = ignite;
        Gauge.builder("pyrope.cluster.servers", ignite, i -> i.cluster().forServers().nodes().size())
                .description("Server nodes in the topology this node sees").register(registry);
        Gauge.builder("pyrope.partitions", ignite, i -> partitions(i, true)).tag("role", "primary")
                .description("Vectors-cache partitions this node is primary for").register(registry);
        Gauge.builder("pyrope.partitions", ignite, i -> partitions(i, false)).tag("role", "backup")
                .description("Vectors-cache partitions this node holds a backup of").register(registry);
        shardSync(ignite).ifPresent(sync -> FunctionCounter.builder("pyrope.shard.sync.skipped", sync,
                        ShardSync::skippedEvents).baseUnit("events")
                .description("Cache events the shard sync could not apply (should stay 0)").register(registry));

        Counter loaded = rebalanced(registry, "entries", "loaded");
        Counter unloaded = rebalanced(registry, "entries", "unloaded");
        Counter partsUnloaded = rebalanced(registry, "partitions", "unloaded");
        Counter partsLost = rebalanced(registry, "partitions", "lost");
        this.listener = event -> {
            String cache = event instanceof CacheEvent ce ? ce.cacheName()
                    : event instanceof CacheRebalancingEvent re ? re.cacheName() : null;
            if (CacheLayout.VECTORS.equals(cache)) {
                switch (event.type()) {
                    case EventType.EVT_CACHE_REBALANCE_OBJECT_LOADED -> loaded.increment();
                    case EventType.EVT_CACHE_REBALANCE_OBJECT_UNLOADED -> unloaded.increment();
                    case EventType.EVT_CACHE_REBALANCE_PART_UNLOADED -> partsUnloaded.increment();
                    case EventType.EVT_CACHE_REBALANCE_PART_DATA_LOST -> partsLost.increment();
                    default -> {
                    }
                }
            }
            return true;
        };
        ignite.events().localListen(listener, REBALANCE_EVENTS);
    }

    private static Counter rebalanced(MeterRegistry registry, String what, String kind) {
        return Counter.builder("pyrope.rebalance." + what).tag("kind", kind).baseUnit(what)
                .description("Vectors-cache " + what + " rebalanced on or off this node since it started")
                .register(registry);
    }

    private static int partitions(Ignite ignite, boolean primary) {
        var affinity = ignite.affinity(CacheLayout.VECTORS);
        var local = ignite.cluster().localNode();
        return primary ? affinity.primaryPartitions(local).length : affinity.backupPartitions(local).length;
    }

    /** The ShardSync the node was configured with (its local event listener). */
    private static Optional<ShardSync> shardSync(Ignite ignite) {
        var listeners = ignite.configuration().getLocalEventListeners();
        if (listeners == null) {
            return Optional.empty();
        }
        return listeners.keySet().stream().filter(ShardSync.class::isInstance).map(ShardSync.class::cast).findFirst();
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(listener, REBALANCE_EVENTS);
    }
}
