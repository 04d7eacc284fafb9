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
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings a persistent cluster to ACTIVE when a node starts, without ever activating part of a
 * known cluster by accident. A brand-new cluster (no baseline yet) is activated by its first
 * node, which takes every server present into the baseline and turns on baseline auto-adjust
 * (later joins are added after the auto-adjust timeout). A cluster that has a baseline (its nodes' data is
 * on disk) is restarting: activating it before every baseline node is back marks the partitions
 * that only the missing nodes hold as lost (the activating node then failed to start), so this
 * waits until all of them have joined (logging who is missing every 10 s), or until
 * {@code baselineWait} has passed (zero = no limit), then activates with the nodes present.
 */
public final class ClusterActivation {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterActivation.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final long POLL_NANOS = 100_000_000L;
    private static final int JOIN_ATTEMPTS = 50;

    private ClusterActivation() {
    }

    public static void activate(Ignite ignite, Duration baselineWait, long autoAdjustTimeoutMs, Clock clock) {
        IgniteCluster cluster = ignite.cluster();
        if (cluster.state() == ClusterState.ACTIVE) {
            return;
        }
        if (cluster.currentBaselineTopology() == null) {
            // Brand new: whoever comes first activates (another node may be doing the same).
            tryActivate(cluster);
            awaitActive(cluster);
            cluster.baselineAutoAdjustEnabled(true);
            cluster.baselineAutoAdjustTimeout(autoAdjustTimeoutMs);
            takeEveryServerIntoBaseline(cluster, autoAdjustTimeoutMs);
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
    }

    /**
     * Makes the baseline of a brand-new cluster every server present. The activation records the
     * servers of its moment, and auto-adjust only reacts to topology changes on its own timer — set
     * when a node joins, 5 minutes by Ignite's default if the join came before this node set the
     * timeout — so nodes that joined while the cluster was being activated held no partition for
     * minutes: a cluster started all at once kept every partition on the activating node, without
     * backups. Ignite refuses manual baseline changes while auto-adjust is on, so it is off for the
     * change and on again afterwards; checked again until no server is left out (a node that joins
     * later is added by auto-adjust after {@code autoAdjustTimeoutMs}).
     */
    private static void takeEveryServerIntoBaseline(IgniteCluster cluster, long autoAdjustTimeoutMs) {
        for (int attempt = 1; attempt <= JOIN_ATTEMPTS && !outsideBaseline(cluster).isEmpty(); attempt++) {
            try {
                cluster.baselineAutoAdjustEnabled(false);
                cluster.setBaselineTopology(cluster.topologyVersion());
            } catch (RuntimeException e) {
                if (attempt == 1) {
                    LOG.info("baseline change not taken yet, retrying: {}", e.toString());
                }
                LockSupport.parkNanos(POLL_NANOS * 2);
            } finally {
                cluster.baselineAutoAdjustEnabled(true);
                cluster.baselineAutoAdjustTimeout(autoAdjustTimeoutMs);
            }
        }
        if (!outsideBaseline(cluster).isEmpty()) {
            LOG.warn("servers {} are not in the baseline yet; auto-adjust adds them", outsideBaseline(cluster));
        }
    }

    private static Set<String> outsideBaseline(IgniteCluster cluster) {
        Set<String> outside = new TreeSet<>();
        for (ClusterNode n : cluster.forServers().nodes()) {
            outside.add(String.valueOf(n.consistentId()));
        }
        Collection<BaselineNode> baseline = cluster.currentBaselineTopology();
        if (baseline != null) {
            for (BaselineNode b : baseline) {
                outside.remove(String.valueOf(b.consistentId()));
            }
        }
        return outside;
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
