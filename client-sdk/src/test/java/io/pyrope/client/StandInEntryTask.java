package io.pyrope.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pyrope.api.v1.ListIndexesResponse;
import io.pyrope.internal.v1.SdkCall;
import io.pyrope.internal.v1.SdkReply;
import org.apache.ignite.IgniteException;
import org.apache.ignite.compute.ComputeJob;
import org.apache.ignite.compute.ComputeJobAdapter;
import org.apache.ignite.compute.ComputeJobResult;
import org.apache.ignite.compute.ComputeTaskAdapter;
import org.apache.ignite.cluster.ClusterNode;

import java.util.List;
import java.util.Map;

/**
 * Stands in for the node's entry task on a plain Ignite node: ListIndexes with key "good" answers
 * an empty list, key "slow" sleeps past the client's deadline, anything else is UNAUTHENTICATED
 * with a message naming the method.
 */
public class StandInEntryTask extends ComputeTaskAdapter<byte[], byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public Map<? extends ComputeJob, ClusterNode> map(List<ClusterNode> subgrid, byte[] arg) {
        return Map.of(new ComputeJobAdapter() {
            private static final long serialVersionUID = 1L;

            @Override
            public Object execute() {
                try {
                    SdkCall call = SdkCall.parseFrom(arg);
                    if (call.getApiKey().equals("slow")) {
                        Thread.sleep(3_000);
                    }
                    if (call.getApiKey().equals("good")) {
                        return SdkReply.newBuilder().setPayload(ListIndexesResponse.getDefaultInstance().toByteString())
                                .build().toByteArray();
                    }
                    return SdkReply.newBuilder().setStatusCode(16).setStatusMessage("bad key for " + call.getMethod())
                            .build().toByteArray();
                } catch (InvalidProtocolBufferException | InterruptedException e) {
                    throw new IgniteException(e);
                }
            }
        }, subgrid.get(0));
    }

    @Override
    public byte[] reduce(List<ComputeJobResult> results) {
        return results.get(0).getData();
    }
}
