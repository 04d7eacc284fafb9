package io.pyrope.node.cache;

/**
 * What a cached result depends on: the clusters a write must not touch (the first
 * {@code exactCount} for an exact hit, all of them for a semantic hit), or every write
 * ({@code onAll}), and the id buckets of its hits. Immutable.
 */
record Dependencies(boolean onAll, int[] clusters, int exactCount, int[] buckets) {
}
