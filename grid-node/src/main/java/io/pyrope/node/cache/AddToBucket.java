package io.pyrope.node.cache;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/**
 * Puts one result into a semantic bucket, atomically on the entry (concurrent fills both land).
 * Returns nothing: the bucket is large, and the filling node has already updated its own copy.
 */
final class AddToBucket implements CacheEntryProcessor<String, byte[], Void> {
    private static final long serialVersionUID = 1L;

    /** The result as {@link CachedResultCodec} bytes (so the processor itself marshals cheaply). */
    private final byte[] entry;
    private final int maxSize;
    private final long nowMs;

    AddToBucket(byte[] entry, int maxSize, long nowMs) {
        this.entry = entry;
        this.maxSize = maxSize;
        this.nowMs = nowMs;
    }

    @Override
    public Void process(MutableEntry<String, byte[]> e, Object... args) {
        CachedResult added = CachedResultCodec.decodeResult(entry);
        if (added == null) {
            return null;
        }
        SemanticBucket current = e.exists() ? CachedResultCodec.decodeBucket(e.getValue()) : null;
        e.setValue(CachedResultCodec.encode((current == null ? SemanticBucket.EMPTY : current).with(added, maxSize, nowMs)));
        return null;
    }
}
