package io.pyrope.node.faults;

import io.grpc.StatusRuntimeException;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.VectorServiceGrpc.VectorServiceBlockingStub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Searches without pause, one thread per client (a fresh stub per call: stubs carry a deadline), over a fixed query set whose exact answers are
 * known (the index does not change meanwhile). Every answer is classified: complete and equal to
 * the exact top-k; explicitly partial; complete but different (silently partial or wrong); or an
 * error. Searches run at an effort that makes each shard's search exhaustive, so a complete answer
 * must equal the exact one.
 */
final class SearchLoad implements AutoCloseable {
    static final int K = 10;
    static final int EXHAUSTIVE_EF = 10_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    final AtomicInteger complete = new AtomicInteger();
    final AtomicInteger partial = new AtomicInteger();
    final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong slowest = new AtomicLong();

    SearchLoad(AckedVectors data, float[][] queries, List<Supplier<VectorServiceBlockingStub>> clients) {
        List<List<String>> truth = new ArrayList<>();
        for (float[] q : queries) {
            truth.add(data.truth(q, K));
        }
        for (int t = 0; t < clients.size(); t++) {
            Supplier<VectorServiceBlockingStub> client = clients.get(t);
            int offset = t * 7;
            Thread thread = new Thread(() -> {
                for (int i = offset; running.get(); i++) {
                    int q = i % queries.length;
                    long t0 = System.nanoTime();
                    try {
                        SearchResponse r = client.get().search(data.search(queries[q], K, EXHAUSTIVE_EF));
                        slowest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                        if (r.getPartial()) {
                            partial.incrementAndGet();
                            if (r.getUnsearchedPartitions() == 0 || r.getPartialReason().isEmpty()) {
                                wrong.add("query " + q + ": partial without saying how much is missing and why");
                            }
                        } else if (AckedVectors.ids(r).equals(truth.get(q))) {
                            complete.incrementAndGet();
                        } else {
                            wrong.add("query " + q + ": " + AckedVectors.ids(r) + " instead of " + truth.get(q));
                        }
                    } catch (StatusRuntimeException e) {
                        errors.add(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
                    }
                }
            }, "search-load-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
    }

    int answered() {
        return complete.get() + partial.get() + wrong.size() + errors.size();
    }

    String summary() {
        return "complete=" + complete.get() + " partial=" + partial.get() + " wrong=" + wrong.size() + " errors=" + errors.size()
                + " slowest=" + slowest.get() / 1_000_000 + "ms";
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(60_000);
        }
    }
}
