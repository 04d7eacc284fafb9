package io.pyrope.compute.search;

import io.pyrope.compute.ignite.CacheLayout;
import io.pyrope.shard.PartitionSet;
import org.apache.ignite.Ignite;
import org.apache.ignite.internal.IgniteEx;
import org.apache.ignite.internal.processors.affinity.AffinityTopologyVersion;

/**
 * The vector partitions this node is primary for, computed once per affinity version instead of
 * per query (Ignite builds a fresh array of every partition on each call). A search that started
 * on one snapshot is stale if the affinity version has moved since: conservative (any change, not
 * only a change of this node's partitions, forces a retry), cheap, and never wrong.
 */
final class LocalPrimaries {
    private final Ignite ignite;
    private volatile Snapshot last;

    /** The primary partitions of this node at one affinity version. */
    record Snapshot(AffinityTopologyVersion version, int[] partitions, PartitionSet set, int totalPartitions) {
    }

    LocalPrimaries(Ignite ignite) {
        this.ignite = ignite;
    }

    Snapshot current() {
        // The version is read first: if the assignment moves while the partitions are read, the
        // snapshot looks older than it is and the search retries.
        AffinityTopologyVersion v = version();
        Snapshot s = last;
        if (s != null && s.version().equals(v)) {
            return s;
        }
        int[] primary = ignite.affinity(CacheLayout.VECTORS).primaryPartitions(ignite.cluster().localNode());
        s = new Snapshot(v, primary, PartitionSet.of(primary), ignite.affinity(CacheLayout.VECTORS).partitions());
        last = s;
        return s;
    }

    boolean unchangedSince(Snapshot s) {
        return version().equals(s.version());
    }

    private AffinityTopologyVersion version() {
        return ((IgniteEx) ignite).cachex(CacheLayout.VECTORS).context().affinity().affinityTopologyVersion();
    }
}
