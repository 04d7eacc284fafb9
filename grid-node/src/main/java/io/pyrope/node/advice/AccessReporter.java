package io.pyrope.node.advice;

import io.pyrope.node.sidecar.Advice;
import io.pyrope.node.sidecar.SidecarAdviceClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The sidecar's access reports: searches {@link #offer} their cluster access to a bounded queue
 * (never blocking: a full queue drops the access and counts it), and the advice thread
 * {@link #drain}s it in batches, one ReportAccesses call each. Accesses that cannot be delivered
 * (sidecar down, circuit open) are dropped and counted too: the Markov model wants recent
 * transitions, not a backlog. Every drained access also updates the {@link IndexActivity}.
 */
final class AccessReporter {
    /** One search's access, with what the TTL and alias advice need. */
    record Observed(Advice.Access access, long centroidVersion, boolean hit, String queryKey) {
    }

    private final BlockingQueue<Observed> queue;
    private final int batch;
    private final SidecarAdviceClient client;
    private final IndexActivity activity;
    private final AdviceMeters meters;

    AccessReporter(int capacity, int batch, SidecarAdviceClient client, IndexActivity activity, AdviceMeters meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batch = batch;
        this.client = client;
        this.activity = activity;
        this.meters = meters;
    }

    /** Search path: false (and counted) when the queue is full. */
    boolean offer(Observed access) {
        if (queue.offer(access)) {
            return true;
        }
        meters.reports("dropped_full", 1);
        return false;
    }

    /** Sends everything queued, in batches; returns the number of accesses the sidecar got. */
    int drain() {
        int sent = 0;
        List<Observed> taken = new ArrayList<>(batch);
        while (queue.drainTo(taken, batch) > 0) {
            List<Advice.Access> accesses = new ArrayList<>(taken.size());
            for (Observed o : taken) {
                activity.observe(o);
                accesses.add(o.access());
            }
            if (client.report(accesses).isPresent()) {
                meters.reports("sent", accesses.size());
                sent += accesses.size();
            } else {
                meters.reports("dropped_unavailable", accesses.size());
            }
            taken.clear();
        }
        return sent;
    }

    int queued() {
        return queue.size();
    }
}
