package io.pyrope.node.cache;

import org.apache.ignite.cache.CacheEntryProcessor;

import javax.cache.processor.MutableEntry;

/** Applies one write's bump to a stored {@link VersionVector}, atomically on the entry. */
final class BumpVersions implements CacheEntryProcessor<String, VersionVector, Long> {
    private static final long serialVersionUID = 1L;

    private final long newEpoch;
    private final long centroidVersion;
    private final int k;
    private final int[] clusters;
    private final int[] buckets;

    /** {@code clusters == null}: the touched clusters are unknown (every cached result becomes stale). */
    BumpVersions(long newEpoch, long centroidVersion, int k, int[] clusters, int[] buckets) {
        this.newEpoch = newEpoch;
        this.centroidVersion = centroidVersion;
        this.k = k;
        this.clusters = clusters;
        this.buckets = buckets;
    }

    @Override
    public Long process(MutableEntry<String, VersionVector> entry, Object... args) {
        VersionVector current = entry.exists() ? entry.getValue() : VersionVector.EMPTY;
        VersionVector next = current.bumped(newEpoch, centroidVersion, k, clusters, buckets);
        entry.setValue(next);
        return next.total();
    }
}
