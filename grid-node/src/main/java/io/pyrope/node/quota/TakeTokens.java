package io.pyrope.node.quota;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/**
 * Refills a bucket to {@code nowMs} and takes up to {@code want} whole tokens, atomically on the
 * entry's primary. Returns the tokens granted, or, when none could be, minus the milliseconds
 * until one token will be there. The caller's clock supplies {@code nowMs}; a clock behind the
 * bucket's last update refills nothing.
 */
public final class TakeTokens implements CacheEntryProcessor<String, BucketState, Long> {
    private static final long serialVersionUID = 1L;

    private final long nowMs;
    private final double ratePerSecond;
    private final double capacity;
    private final long want;

    public TakeTokens(long nowMs, double ratePerSecond, double capacity, long want) {
        this.nowMs = nowMs;
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        this.want = want;
    }

    @Override
    public Long process(MutableEntry<String, BucketState> entry, Object... args) {
        BucketState s = entry.exists() ? entry.getValue() : new BucketState(capacity, nowMs);
        long elapsed = Math.max(0, nowMs - s.updatedMs());
        double tokens = Math.min(capacity, s.tokens() + elapsed * ratePerSecond / 1000.0);
        long granted = (long) Math.min(want, Math.floor(tokens));
        entry.setValue(new BucketState(tokens - granted, Math.max(nowMs, s.updatedMs())));
        if (granted > 0) {
            return granted;
        }
        long waitMs = (long) Math.ceil((1.0 - tokens) * 1000.0 / ratePerSecond);
        return -Math.max(1, waitMs);
    }
}
