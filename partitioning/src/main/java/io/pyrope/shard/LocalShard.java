package io.pyrope.shard;

import io.pyrope.domain.IndexSpec;
import io.pyrope.shard.centroid.Centroids;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The node-local index of one (tenant, index): every entry this node holds, primary and backup,
 * each tagged with its cache partition so that a search can be restricted to the partitions the
 * node is primary for.
 *
 * <p>Thread safety: all methods may be called concurrently. A write is visible to every search
 * that starts after the write method returns (read-your-writes; no refresh interval). Writes for
 * the same id are expected in order (the cache serialises them per key). Background compaction
 * never makes a concurrent search miss or duplicate an entry.
 */
public interface LocalShard extends AutoCloseable {

    IndexSpec spec();

    /** Inserts or replaces the entry {@code id}. {@code vector} is owned by the shard afterwards. */
    void upsert(String id, int partition, float[] vector, Map<String, String> metadata);

    /**
     * Inserts {@code id} unless the shard already has it (then nothing changes); true if inserted.
     * For rebuilding a shard from stored entries while live writes may already be arriving: a live
     * write is newer than the stored entry and must win.
     */
    boolean upsertIfAbsent(String id, int partition, float[] vector, Map<String, String> metadata);

    /** Removes {@code id}; false if it was not present. */
    boolean delete(String id);

    /** Removes every entry of {@code partition} (the node no longer holds it); returns how many. */
    int removePartition(int partition);

    /** The top-k entries of the allowed partitions that match the filter. */
    ShardSearchResult search(ShardQuery query);

    ShardStats stats();

    /**
     * IVF: builds the inverted lists on {@code centroids} from now on (existing lists are rebuilt
     * in the background; searches stay correct meanwhile) if they are newer than the current ones;
     * true if taken. HNSW shards ignore centroids (false).
     */
    default boolean useCentroids(Centroids centroids) {
        return false;
    }

    /** The version of the centroids an IVF shard's lists are built on; 0 before any (and for HNSW). */
    default long centroidVersion() {
        return 0;
    }

    /** A copy of the live ids (for invariant checks and diagnostics; O(n)). */
    Set<String> ids();

    /** The live ids of one partition (O(n)). */
    Set<String> ids(int partition);

    /** Live entries in the given partitions. Implementations should override the O(n) default. */
    default long count(PartitionSet partitions) {
        long n = 0;
        for (int p : partitions.toArray()) {
            n += ids(p).size();
        }
        return n;
    }

    /** Up to {@code max} live vectors chosen uniformly at random, for centroid training. */
    List<float[]> sample(int max, long seed);

    /**
     * Waits until every entry written before the call is in a sealed graph segment or IVF lists
     * (the delta head is drained); false on timeout. An IVF shard without centroids yet has
     * nothing to index and returns true at once. For benchmarks and tests: searches never need this.
     */
    boolean awaitIndexed(Duration timeout) throws InterruptedException;

    /** Releases the shard's memory and stops its background work for good. */
    @Override
    void close();
}
