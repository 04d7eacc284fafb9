package io.pyrope.node.cache;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/**
 * Puts one result into a semantic bucket, atomically on the entry (concurrent fills both land).
 * Returns nothing: the bucket is large, and the filling node has already updated its own copy.
 */
final class AddToBucket implements CacheEntryProcessor<String, SemanticBucket, Void> {
    private static final long serialVersionUID = 1L;

    private final CachedResult entry;
    private final int maxSize;
    private final long nowMs;

    AddToBucket(CachedResult entry, int maxSize, long nowMs) {
        this.entry = entry;
        this.maxSize = maxSize;
        this.nowMs = nowMs;
    }

    @Override
    public Void process(MutableEntry<String, SemanticBucket> e, Object... args) {
        SemanticBucket current = e.exists() ? e.getValue() : SemanticBucket.EMPTY;
        e.setValue(current.with(entry, maxSize, nowMs));
        return null;
    }
}
