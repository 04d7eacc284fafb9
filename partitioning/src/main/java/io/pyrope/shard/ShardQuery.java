package io.pyrope.shard;

import io.pyrope.domain.MetadataFilter;

/**
 * One search against one local shard: the query vector, k, the effort (ef for graph segments; 0
 * lets each segment pick its default by size, see {@code SearchEffort}; nprobe for IVF lists, 0 =
 * {@code Limits.DEFAULT_NPROBE}), the partitions whose entries may be returned, and an optional
 * metadata filter.
 */
public record ShardQuery(float[] vector, int topK, int ef, PartitionSet partitions, MetadataFilter filter,
                         boolean includeMetadata, boolean includeVectors, int nprobe) {

    /** A query with the default nprobe (graph indexes ignore it). */
    public ShardQuery(float[] vector, int topK, int ef, PartitionSet partitions, MetadataFilter filter,
                      boolean includeMetadata, boolean includeVectors) {
        this(vector, topK, ef, partitions, filter, includeMetadata, includeVectors, 0);
    }
}
