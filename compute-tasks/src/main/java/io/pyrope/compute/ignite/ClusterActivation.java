package io.pyrope.compute.ignite;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCluster;
import org.apache.ignite.cluster.BaselineNode;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.cluster.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings a persistent cluster to ACTIVE when a node starts, without ever activating part of a
 * known cluster by accident. A brand-new cluster (no baseline yet) is activated by its first
 * node, which turns on baseline auto-adjust; every node that starts takes itself into the
 * baseline if it is not in it. A cluster that has a baseline (its nodes' data is
 * on disk) is restarting: activating it before every baseline node is back would make Ignite
 * record a smaller baseline and lose the partitions that only the missing nodes hold, so this
 * waits until all of them have joined (logging who is missing every 10 s), or until
 * {@code baselineWait} has passed (zero = no limit), then activates with the nodes present.
 */
public final class ClusterActivation {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterActivation.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final long POLL_NANOS = 100_000_000L;
    private static final int JOIN_ATTEMPTS = 20;

    private ClusterActivation() {
    }

    public static void activate(Ignite ignite, Duration baselineWait, long autoAdjustTimeoutMs, Clock clock) {
        IgniteCluster cluster = ignite.cluster();
        if (cluster.state() == ClusterState.ACTIVE) {
            joinBaseline(cluster);
            return;
        }
        if (cluster.currentBaselineTopology() == null) {
            // Brand new: whoever comes first activates (another node may be doing the same).
            tryActivate(cluster);
            awaitActive(cluster);
            cluster.baselineAutoAdjustEnabled(true);
            cluster.baselineAutoAdjustTimeout(autoAdjustTimeoutMs);
            joinBaseline(cluster);
            LOG.info("new persistent cluster activated; baseline: {} server nodes", baselineSize(cluster));
            return;
        }
        Instant start = clock.instant();
        Instant nextLog = start;
        while (cluster.state() != ClusterState.ACTIVE) {
            Set<String> missing = missing(cluster);
            Instant now = clock.instant();
            if (missing.isEmpty()) {
                // Ignite activates a cluster that was active by itself once its baseline is complete;
                // this also covers one that was stopped inactive.
                tryActivate(cluster);
            } else if (!baselineWait.isZero() && !now.isBefore(start.plus(baselineWait))) {
                LOG.warn("activating the cluster without baseline nodes {} after waiting {} ms (storage.baselineWaitMs): "
                        + "partitions whose every copy is on them are lost", missing, baselineWait.toMillis());
                tryActivate(cluster);
            } else if (!now.isBefore(nextLog)) {
                LOG.info("waiting for baseline nodes {} to rejoin before the cluster activates", missing);
                nextLog = now.plus(LOG_EVERY);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        LOG.info("cluster active {} ms after this node joined", Duration.between(start, clock.instant()).toMillis());
        joinBaseline(cluster);
    }

    /**
     * Adds this node to the baseline if it is not in it. The activation records the servers of its
     * moment as the baseline, and auto-adjust reacts only to later topology changes (and on its own
     * timer, up to minutes): a node that joined while the cluster was being activated, or joins a
     * running cluster, would hold no partition until then — a cluster started all at once kept every
     * partition on the node that activated it, without backups. Only adds: a baseline node that is
     * away stays in the baseline (auto-adjust decides about it).
     */
    private static void joinBaseline(IgniteCluster cluster) {
        for (int attempt = 1; attempt <= JOIN_ATTEMPTS; attempt++) {
            Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
            Object me = cluster.localNode().consistentId();
            if (baseline == null || baseline.stream().anyMatch(b -> me.equals(b.consistentId()))) {
                return;
            }
            List<BaselineNode> grown = new ArrayList<>(baseline);
            grown.add(cluster.localNode());
            try {
                cluster.setBaselineTopology(grown);
                LOG.info("joined the baseline: {} server nodes", grown.size());
                return;
            } catch (RuntimeException e) {
                // Another node changing the baseline at the same moment: look again.
                LOG.debug("baseline change not taken ({}), attempt {}", e.toString(), attempt);
                LockSupport.parkNanos(POLL_NANOS * 2);
            }
        }
        LOG.warn("could not join the baseline after {} attempts; auto-adjust will add this node", JOIN_ATTEMPTS);
    }

    /** Asks for activation; another node (or Ignite itself) may be activating at the same moment. */
    private static void tryActivate(IgniteCluster cluster) {
        try {
            cluster.state(ClusterState.ACTIVE);
        } catch (RuntimeException e) {
            LOG.debug("activation request not taken ({}); waiting for the cluster to become active", e.toString());
        }
    }

    private static void awaitActive(IgniteCluster cluster) {
        for (int polls = 1; cluster.state() != ClusterState.ACTIVE; polls++) {
            LockSupport.parkNanos(POLL_NANOS);
            if (polls % 10 == 0) {
                tryActivate(cluster);
            }
        }
    }

    private static int baselineSize(IgniteCluster cluster) {
        Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
        return baseline == null ? 0 : baseline.size();
    }

    /** Consistent ids of the baseline nodes that are not in the topology now. */
    private static Set<String> missing(IgniteCluster cluster) {
        Set<String> missing = new TreeSet<>();
        Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
        if (baseline != null) {
            for (BaselineNode b : baseline) {
                missing.add(String.valueOf(b.consistentId()));
            }
        }
        for (ClusterNode n : cluster.forServers().nodes()) {
            missing.remove(String.valueOf(n.consistentId()));
        }
        return missing;
    }
}
