package io.pyrope.node.sdk;

import io.pyrope.internal.v1.SdkReply;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobContext;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.JobContextResource;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one SDK call on its node. The call itself (which may start search tasks) runs on the
 * node's SDK executor while this job is parked ({@code holdcc}), so SDK calls never occupy
 * Ignite's public pool while they wait for the jobs they start: no pool-starvation deadlock.
 */
final class SdkJob extends ComputeJobAdapter {
    private static final long serialVersionUID = 1L;

    private final byte[] call;
    private volatile byte[] reply;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @JobContextResource
    private transient ComputeJobContext context;

    SdkJob(byte[] call) {
        this.call = call;
    }

    @Override
    public Object execute() {
        if (reply != null) {
            return reply;
        }
        SdkEndpoint endpoint = SdkEndpoint.of(ignite);
        if (endpoint == null) {
            return unavailable("this node's Pyrope services are not running (starting or stopping); retry");
        }
        context.holdcc();
        try {
            Executor executor = endpoint.executor();
            executor.execute(() -> {
                reply = endpoint.dispatcher().dispatch(call);
                context.callcc();
            });
        } catch (RejectedExecutionException e) {
            reply = unavailable("this node is overloaded or stopping (SDK executor refused the call); retry");
            context.callcc();
        }
        return null;
    }

    private static byte[] unavailable(String message) {
        return SdkReply.newBuilder().setStatusCode(14).setStatusMessage(message).build().toByteArray();
    }
}
