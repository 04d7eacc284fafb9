package io.pyrope.node.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sizes of this node's shards, one series per (tenant, index): live vectors, vectors still in the
 * delta head, sealed segments, tombstones. Shards come and go, so {@link #refresh()} (called
 * before each scrape) re-reads {@link ShardRegistry#all()} and each shard's {@link LocalShard#stats()}
 * once, and drops the series of shards that are gone. It takes no lock of its own.
 */
final class ShardMeters {
    private final ShardRegistry shards;
    private final MultiGauge vectors;
    private final MultiGauge head;
    private final MultiGauge segments;
    private final MultiGauge tombstones;

    ShardMeters(ShardRegistry shards, MeterRegistry registry) {
        this.shards = shards;
        this.vectors = MultiGauge.builder("pyrope.shard.vectors").baseUnit("vectors")
                .description("Live vectors in this node's shard (primary and backup entries)").register(registry);
        this.head = MultiGauge.builder("pyrope.shard.head.vectors").baseUnit("vectors")
                .description("Vectors in the shard's delta head, not yet in a graph segment").register(registry);
        this.segments = MultiGauge.builder("pyrope.shard.segments")
                .description("Sealed graph segments of the shard").register(registry);
        this.tombstones = MultiGauge.builder("pyrope.shard.tombstones")
                .description("Deleted entries not yet purged from the shard's segments").register(registry);
    }

    void refresh() {
        List<MultiGauge.Row<?>> v = new ArrayList<>();
        List<MultiGauge.Row<?>> h = new ArrayList<>();
        List<MultiGauge.Row<?>> s = new ArrayList<>();
        List<MultiGauge.Row<?>> t = new ArrayList<>();
        for (Map.Entry<ShardKey, LocalShard> e : shards.all().entrySet()) {
            ShardStats st = e.getValue().stats();
            Tags tags = Tags.of("tenant", e.getKey().tenant().value(), "index", e.getKey().index());
            v.add(MultiGauge.Row.of(tags, st.liveVectors()));
            h.add(MultiGauge.Row.of(tags, st.headVectors()));
            s.add(MultiGauge.Row.of(tags, st.segments()));
            t.add(MultiGauge.Row.of(tags, st.tombstones()));
        }
        vectors.register(v, true);
        head.register(h, true);
        segments.register(s, true);
        tombstones.register(t, true);
    }
}
