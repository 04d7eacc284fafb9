package io.pyrope.node.cache;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/** Adds one node's flushed write count to a cluster's heat, atomically on the entry. */
final class AddHeat implements CacheEntryProcessor<String, HeatValue, Void> {
    private static final long serialVersionUID = 1L;

    private final long writes;
    private final long nowMs;

    AddHeat(long writes, long nowMs) {
        this.writes = writes;
        this.nowMs = nowMs;
    }

    @Override
    public Void process(MutableEntry<String, HeatValue> entry, Object... args) {
        HeatValue current = entry.exists() ? entry.getValue() : new HeatValue(0, nowMs);
        entry.setValue(current.plus(writes, nowMs));
        return null;
    }
}
