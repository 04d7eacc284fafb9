package io.pyrope.compute.admin;

import io.pyrope.compute.ignite.NodeServices;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardStats;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.ArrayList;
import java.util.List;

/** Runs on each server node: the sizes of its shards, for ClusterInfo. */
public final class ShardStatsJob implements IgniteCallable<ShardStatsJob.Result> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Result call() {
        NodeServices services = NodeServices.of(ignite);
        List<ShardKey> keys = services == null ? List.of() : new ArrayList<>(services.shards().all().keySet());
        Result r = new Result(ignite.cluster().localNode().id().toString(), keys.size());
        for (int i = 0; i < keys.size(); i++) {
            LocalShard s = services.shards().get(keys.get(i)).orElse(null);
            ShardStats st = s == null ? new ShardStats(0, 0, 0, 0) : s.stats();
            r.tenants[i] = keys.get(i).tenant().value();
            r.indexes[i] = keys.get(i).index();
            r.vectors[i] = st.liveVectors();
            r.head[i] = st.headVectors();
            r.segments[i] = st.segments();
        }
        return r;
    }

    /** Parallel arrays, one slot per shard (plain class: the marshaller cannot read records). */
    public static final class Result {
        public final String nodeId;
        public final String[] tenants;
        public final String[] indexes;
        public final long[] vectors;
        public final long[] head;
        public final int[] segments;

        Result(String nodeId, int n) {
            this.nodeId = nodeId;
            this.tenants = new String[n];
            this.indexes = new String[n];
            this.vectors = new long[n];
            this.head = new long[n];
            this.segments = new int[n];
        }
    }
}
