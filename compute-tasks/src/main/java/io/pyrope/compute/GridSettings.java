package io.pyrope.compute;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to start one Ignite server node of a Pyrope cluster. Built by grid-node from
 * its config file, and by tests directly.
 *
 * @param instanceName         Ignite instance name, unique within the JVM
 * @param consistentId         stable node id (persistence needs one); null = derived from ports
 * @param workDir              Ignite work directory (binary metadata, persistence)
 * @param localHost            address to bind, e.g. 127.0.0.1
 * @param discoveryPort        this node's discovery port (first of a range of {@code discoveryPortRange})
 * @param discoveryAddresses   seed addresses, e.g. ["127.0.0.1:47500..47509"]
 * @param communicationPort    this node's communication port
 * @param thinClientPort       thin-client port; 0 disables the thin-client connector
 * @param partitions           partitions of the vectors cache
 * @param backups              backup copies of each vector
 * @param dataRegionMb         max off-heap size of the default data region
 * @param persistence          native persistence on the default region
 * @param failureDetectionMs   failure detection timeout
 * @param userAttributes       node attributes (gRPC address, metrics port) visible cluster-wide
 */
public record GridSettings(String instanceName, String consistentId, Path workDir, String localHost,
                           int discoveryPort, int discoveryPortRange, List<String> discoveryAddresses,
                           int communicationPort, int thinClientPort, int partitions, int backups,
                           long dataRegionMb, boolean persistence, long failureDetectionMs,
                           Map<String, String> userAttributes) {

    public static final String ATTR_GRPC_ADDRESS = "pyrope.grpc.address";

    public GridSettings {
        discoveryAddresses = List.copyOf(discoveryAddresses);
        userAttributes = Map.copyOf(userAttributes);
    }
}
