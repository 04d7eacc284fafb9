package io.pyrope.client;

import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.NodeInfo;
import io.pyrope.api.v1.ShardInfo;

import java.util.ArrayList;
import java.util.List;

/** pyrope.v1 ClusterInfoResponse to the SDK's {@link ClusterInfo}. */
final class ClusterInfoMapping {
    private ClusterInfoMapping() {
    }

    static ClusterInfo toDomain(ClusterInfoResponse r) {
        List<ClusterInfo.Node> nodes = new ArrayList<>(r.getNodesCount());
        for (NodeInfo n : r.getNodesList()) {
            List<ClusterInfo.Shard> shards = new ArrayList<>(n.getShardsCount());
            for (ShardInfo s : n.getShardsList()) {
                shards.add(new ClusterInfo.Shard(s.getTenantId(), s.getIndex(), s.getVectors(), s.getHeadVectors(),
                        s.getSegments()));
            }
            nodes.add(new ClusterInfo.Node(n.getNodeId(), n.getConsistentId(), n.getLocal(), n.getPrimaryPartitions(),
                    n.getBackupPartitions(), shards, n.getGrpcAddress()));
        }
        return new ClusterInfo(nodes, r.getPartitions(), r.getBackups(), r.getTopologyVersion());
    }
}
