package io.pyrope.node.sdk;

import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.resources.IgniteInstanceResource;

import java.util.List;
import java.util.Map;

/**
 * The thin-client SDK's entry point: takes a serialized {@code pyrope.internal.v1.SdkCall} and
 * returns a serialized {@code SdkReply}. Runs one {@link SdkJob} on the node the client is
 * connected to (when it is among the task's nodes), which hands the call to that node's
 * {@link SdkDispatcher}. Errors travel inside the reply, never as task failures.
 *
 * <p>Needs {@code ThinClientConfiguration.setMaxActiveComputeTasksPerConnection(N > 0)} on the
 * server (the grid sets 64).
 */
public class SdkEntryTask extends ComputeTaskAdapter<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, byte[] call) {
        ClusterNode local = ignite.cluster().localNode();
        ClusterNode target = subgrid.contains(local) ? local : subgrid.get(0);
        return Map.of(new SdkJob(call), target);
    }

    @Override
    public byte[] reduce(List<ComputeJobResult> results) {
        ComputeJobResult r = results.get(0);
        if (r.getException() != null) {
            throw new IgniteException("SDK call failed on node " + r.getNode().id(), r.getException());
        }
        return r.getData();
    }
}
