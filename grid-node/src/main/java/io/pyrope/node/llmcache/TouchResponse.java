package io.pyrope.node.llmcache;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/** Records a hit's access time on the entry (for LRU), atomically. */
final class TouchResponse implements CacheEntryProcessor<String, StoredResponse, Void> {
    private static final long serialVersionUID = 1L;

    private final long nowMs;

    TouchResponse(long nowMs) {
        this.nowMs = nowMs;
    }

    @Override
    public Void process(MutableEntry<String, StoredResponse> entry, Object... args) {
        if (entry.exists()) {
            entry.setValue(entry.getValue().touched(nowMs));
        }
        return null;
    }
}
