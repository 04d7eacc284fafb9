package io.pyrope.compute;

import java.util.List;

/** What ClusterInfo reports: nodes with their partitions and shard sizes. */
public record ClusterView(List<NodeView> nodes, int partitions, int backups, long topologyVersion) {

    /** One server node. {@code grpcAddress} comes from the node attribute {@link GridSettings#ATTR_GRPC_ADDRESS}. */
    public record NodeView(String nodeId, String consistentId, boolean local, int primaryPartitions,
                           int backupPartitions, List<ShardView> shards, String grpcAddress) {
    }

    /** One shard held by a node. */
    public record ShardView(String tenant, String index, long vectors, long headVectors, int segments) {
    }
}
