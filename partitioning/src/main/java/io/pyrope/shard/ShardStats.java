package io.pyrope.shard;

/**
 * Sizes of a shard at one moment: live entries, entries still in the delta head (searched
 * exactly, not yet in a graph), sealed graph segments, and tombstones not yet purged.
 */
public record ShardStats(long liveVectors, long headVectors, int segments, long tombstones) {
}
