package io.pyrope.node;

import io.pyrope.compute.GridOptions;
import io.pyrope.compute.GridSecurity;
import io.pyrope.compute.GridSettings;
import io.pyrope.node.config.NodeConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link NodeConfig} → {@link GridSettings}: what the grid needs to start this node. */
final class GridSettingsMapper {
    static final String ATTR_METRICS_PORT = "pyrope.metrics.port";

    private GridSettingsMapper() {
    }

    /** The grid's tunables that the node config exposes (build deferral, baseline wait); the rest keep their defaults. */
    static GridOptions toGridOptions(NodeConfig c) {
        GridOptions d = GridOptions.DEFAULTS;
        return d.withShardEngine(d.shardEngine().withDeferral(c.indexing().quietMs(), c.indexing().maxUnindexed()))
                .withBaselineWait(Duration.ofMillis(c.storage().baselineWaitMs()));
    }

    /** Ignite authentication and the grid's TLS switches (gRPC TLS is the API layer's). */
    static GridSecurity toGridSecurity(NodeConfig c) {
        NodeConfig.Tls tls = c.tls();
        Optional<GridSecurity.TlsStores> stores = tls.keyStore().flatMap(key -> tls.trustStore().map(trust ->
                new GridSecurity.TlsStores(key.path(), key.password().reveal(), trust.path(), trust.password().reveal(),
                        key.type())));
        return new GridSecurity(c.security().authentication(),
                tls.grid() ? stores : Optional.empty(),
                tls.thinClient() ? stores : Optional.empty());
    }

    static GridSettings toGridSettings(NodeConfig c) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(GridSettings.ATTR_GRPC_ADDRESS, c.grpcAddress());
        attributes.put(ATTR_METRICS_PORT, Integer.toString(c.metrics().port()));
        return new GridSettings(
                c.node().name(),
                c.node().name(),
                c.nodeWorkDir().toAbsolutePath(),
                c.node().host(),
                c.discovery().port(),
                c.discovery().portRange(),
                c.discovery().seeds(),
                c.communication().port(),
                c.thin().port(),
                c.cluster().partitions(),
                c.cluster().backups(),
                c.storage().memoryMb(),
                c.storage().persistence(),
                c.cluster().failureDetectionMs(),
                attributes);
    }
}
