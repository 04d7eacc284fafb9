package io.pyrope.node.cache;

import java.util.Arrays;

/**
 * The freshness versions of one (tenant, index), as stored cluster-wide: a write bumps the
 * versions of the semantic clusters its vectors land in and of the id buckets of its ids, plus the
 * total. A cached result remembers the versions it depends on; it is fresh while they are equal.
 *
 * <p>{@code epoch} changes whenever the centroids (and so the meaning of the cluster numbers)
 * change, or a write could not say which clusters it touched: every older cached result is then
 * stale. A plain final class, never a record (it is an Ignite cache value). Immutable.
 */
final class VersionVector {
    /** Results depend on the id buckets of their hits: an update or delete of a hit invalidates them. */
    static final int ID_BUCKETS = 256;
    /** No write has happened yet: epoch 0, which no stored vector ever has. */
    static final VersionVector EMPTY = new VersionVector(0, -1, 0, new long[0], new long[ID_BUCKETS]);

    private final long epoch;
    private final long centroidVersion;
    private final long total;
    private final long[] clusters;
    private final long[] buckets;

    VersionVector(long epoch, long centroidVersion, long total, long[] clusters, long[] buckets) {
        this.epoch = epoch;
        this.centroidVersion = centroidVersion;
        this.total = total;
        this.clusters = clusters;
        this.buckets = buckets;
    }

    long epoch() {
        return epoch;
    }

    long centroidVersion() {
        return centroidVersion;
    }

    long total() {
        return total;
    }

    boolean isEmpty() {
        return epoch == 0;
    }

    long cluster(int c) {
        return c < clusters.length ? clusters[c] : 0;
    }

    long bucket(int b) {
        return buckets[b];
    }

    static int bucketOf(String id) {
        return Math.floorMod(id.hashCode() * 0x9E3779B9, ID_BUCKETS);
    }

    /**
     * This vector after one write. {@code clusterIds == null} means the write could not say which
     * clusters it touched; a write assigned with other centroids than the stored ones, likewise,
     * starts a new epoch (so every cached result of the old numbering is stale).
     */
    VersionVector bumped(long newEpoch, long writerCentroids, int k, int[] clusterIds, int[] bucketIds) {
        if (isEmpty() || clusterIds == null || writerCentroids != centroidVersion) {
            long cv = isEmpty() ? writerCentroids : Math.max(centroidVersion, writerCentroids);
            int size = cv == writerCentroids ? k : clusters.length;
            long e = isEmpty() ? newEpoch : epoch + 1;
            return new VersionVector(e, cv, total + 1, new long[size], new long[ID_BUCKETS]);
        }
        long[] c = clusters.clone();
        for (int id : clusterIds) {
            if (id >= 0 && id < c.length) {
                c[id]++;
            }
        }
        long[] b = buckets.clone();
        for (int id : bucketIds) {
            b[id]++;
        }
        return new VersionVector(epoch, centroidVersion, total + 1, c, b);
    }

    @Override
    public String toString() {
        return "VersionVector[epoch=" + epoch + ", centroids=" + centroidVersion + ", total=" + total
                + ", clusters=" + Arrays.toString(clusters) + "]";
    }
}
