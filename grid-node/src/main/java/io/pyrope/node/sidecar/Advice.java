package io.pyrope.node.sidecar;

import io.pyrope.domain.TenantId;

/** The node-side values of the sidecar's advice protocol (the proto types stay in {@link SidecarAdviceClient}). */
public final class Advice {
    private Advice() {
    }

    /** One search's semantic cluster in a session. */
    public record Access(TenantId tenant, String index, String session, int cluster, long timestampMs) {
    }

    /** P(to | from) as the sidecar's model estimates it. */
    public record Rule(int from, int to, double probability) {
    }

    /** What the node measured of one cluster over the last advice interval. */
    public record ClusterStats(int cluster, double writeHeatPerMinute, long hits, long misses) {
    }

    /** A TTL the sidecar advises for a cluster's cached results. */
    public record Ttl(int cluster, long ttlMs) {
    }

    /** A canonical form of a query key, with the sidecar's confidence (0..1). */
    public record Alias(String text, String canonical, double confidence) {
    }
}
