package io.pyrope.compute.testing;

import io.pyrope.compute.GridOptions;
import io.pyrope.compute.GridSettings;
import io.pyrope.compute.PyropeGrid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Starts real Pyrope grid nodes inside the test JVM with small memory and test ports. Closing it
 * stops every node it started, in reverse order.
 */
public final class TestGrids implements AutoCloseable {
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final List<PyropeGrid> nodes = new ArrayList<>();
    private final int partitions;
    private final int backups;
    private int started;

    private final GridOptions options;

    public TestGrids(int partitions, int backups) {
        this(partitions, backups, GridOptions.DEFAULTS);
    }

    public TestGrids(int partitions, int backups, GridOptions options) {
        this.partitions = partitions;
        this.backups = backups;
        this.options = options;
    }

    public static GridSettings settings(String runId, int node, int partitions, int backups) {
        Path work = Path.of(System.getProperty("pyrope.test.workdir", "target/test-work"), runId, "node" + node);
        return new GridSettings("t-" + runId + "-" + node, null, work, "127.0.0.1",
                TestPorts.discovery(), 10, List.of(TestPorts.discoveryRange()),
                TestPorts.communication(node), TestPorts.thinClient(node), partitions, backups,
                96, false, 5_000, Map.of(GridSettings.ATTR_GRPC_ADDRESS, "127.0.0.1:" + TestPorts.grpc(node)));
    }

    /** Starts one more node and returns it. */
    public PyropeGrid startNode() {
        PyropeGrid grid = PyropeGrid.start(settings(runId, started++, partitions, backups), options, java.time.Clock.systemUTC());
        nodes.add(grid);
        return grid;
    }

    public List<PyropeGrid> startNodes(int n) {
        List<PyropeGrid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(startNode());
        }
        return out;
    }

    /** Stops one node (as a clean leave) and forgets it. */
    public void stop(PyropeGrid node) {
        nodes.remove(node);
        node.close();
    }

    public List<PyropeGrid> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (RuntimeException ignored) {
                // Best effort: the next node must still be stopped.
            }
        }
        nodes.clear();
    }
}
