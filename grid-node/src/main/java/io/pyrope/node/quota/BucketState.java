package io.pyrope.node.quota;

/** A tenant's cluster-wide token bucket as stored in the rate cache. A plain class (no records in Ignite caches). */
public final class BucketState {
    private double tokens;
    private long updatedMs;

    public BucketState() {
    }

    public BucketState(double tokens, long updatedMs) {
        this.tokens = tokens;
        this.updatedMs = updatedMs;
    }

    public double tokens() {
        return tokens;
    }

    public long updatedMs() {
        return updatedMs;
    }
}
