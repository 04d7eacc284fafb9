/**
 * The node-local shard engine behind {@link io.pyrope.shard.LocalShard}: pure Java and jvector,
 * no Ignite types.
 *
 * <p>Layout: a shard is a list of {@link io.pyrope.shard.engine.Block}s in an immutable
 * {@code ShardState}. The last block is the mutable delta head; writes append to it under a short
 * lock and are searched exactly (brute force) until the background {@code Indexer} seals the head
 * and gives it a jvector graph (in place, same ordinals, so the hand-over is one volatile write),
 * or rewrites several blocks into one new segment (copy live entries, build, then atomically swap
 * the state and re-point the id map, tombstoning whatever was deleted during the build).
 * Tombstones are per-block concurrent bitsets applied through jvector {@code Bits}, together with
 * the query's partitions and metadata filter. A {@code SecondaryIndex} (partition → ids,
 * key=value → ids) estimates a query's selectivity; selective queries are scored exactly over
 * their candidates instead of walking the graph.
 *
 * <p>Threads: none of its own. Indexing steps run on the executor and graph builds on the
 * ForkJoinPool of the {@link io.pyrope.shard.ShardRegistry}, which stops both on close.
 */
package io.pyrope.shard.engine;
