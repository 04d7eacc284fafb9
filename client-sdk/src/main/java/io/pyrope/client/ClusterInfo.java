package io.pyrope.client;

import java.util.List;

/** A snapshot of the cluster: nodes with their partitions and shards, as ClusterInfo reports it. */
public record ClusterInfo(List<Node> nodes, int partitions, int backups, long topologyVersion) {

    public ClusterInfo {
        nodes = List.copyOf(nodes);
    }

    /** One server node; {@code local} is the node that answered. */
    public record Node(String nodeId, String consistentId, boolean local, int primaryPartitions,
                       int backupPartitions, List<Shard> shards, String grpcAddress) {
        public Node {
            shards = List.copyOf(shards);
        }
    }

    /**
     * One node's shard of an index: entries held (primary and backup copies), of which
     * {@code headVectors} are still in the delta head (not yet in a sealed graph segment).
     */
    public record Shard(String tenantId, String index, long vectors, long headVectors, int segments) {
    }

    /** Entries not yet in sealed graph segments for the index, summed over nodes. */
    public long headVectors(String index) {
        return shardsOf(index).stream().mapToLong(Shard::headVectors).sum();
    }

    /** Entries held for the index, summed over nodes (backups counted). */
    public long storedVectors(String index) {
        return shardsOf(index).stream().mapToLong(Shard::vectors).sum();
    }

    private List<Shard> shardsOf(String index) {
        return nodes.stream().flatMap(n -> n.shards().stream()).filter(s -> s.index().equals(index)).toList();
    }
}
