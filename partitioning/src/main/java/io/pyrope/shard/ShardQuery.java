package io.pyrope.shard;

import io.pyrope.domain.MetadataFilter;

/**
 * One search against one local shard: the query vector, k, the effort (ef; 0 lets each graph
 * segment pick its default by size, see {@code SearchEffort}), the partitions whose entries may be returned, and an optional metadata filter.
 */
public record ShardQuery(float[] vector, int topK, int ef, PartitionSet partitions, MetadataFilter filter,
                         boolean includeMetadata, boolean includeVectors) {
}
