package io.pyrope.node.api;

import io.pyrope.api.v1.ClusterInfoResponse;
import io.pyrope.api.v1.NodeInfo;
import io.pyrope.api.v1.ShardInfo;
import io.pyrope.compute.ClusterView;

import java.util.function.Predicate;

/**
 * {@link ClusterView} → {@code pyrope.v1.ClusterInfoResponse}. A tenant sees the nodes and only its
 * own shards (another tenant's index names and sizes would leak their existence); the admin key
 * sees every shard.
 */
final class ClusterInfoMapping {
    private ClusterInfoMapping() {
    }

    static ClusterInfoResponse toProto(ClusterView view, Predicate<String> tenantVisible) {
        ClusterInfoResponse.Builder b = ClusterInfoResponse.newBuilder()
                .setPartitions(view.partitions())
                .setBackups(view.backups())
                .setTopologyVersion(view.topologyVersion());
        for (ClusterView.NodeView n : view.nodes()) {
            NodeInfo.Builder nb = NodeInfo.newBuilder()
                    .setNodeId(n.nodeId())
                    .setConsistentId(nullToEmpty(n.consistentId()))
                    .setLocal(n.local())
                    .setPrimaryPartitions(n.primaryPartitions())
                    .setBackupPartitions(n.backupPartitions())
                    .setGrpcAddress(nullToEmpty(n.grpcAddress()));
            for (ClusterView.ShardView s : n.shards()) {
                if (!tenantVisible.test(s.tenant())) {
                    continue;
                }
                nb.addShards(ShardInfo.newBuilder()
                        .setTenantId(s.tenant())
                        .setIndex(s.index())
                        .setVectors(s.vectors())
                        .setHeadVectors(s.headVectors())
                        .setSegments(s.segments()));
            }
            b.addNodes(nb);
        }
        return b.build();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
