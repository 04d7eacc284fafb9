package io.pyrope.bench;

import java.io.PrintStream;

/**
 * Measures index catch-up: the time from the last acknowledged write until ClusterInfo reports
 * that the index's shards hold all vectors and no node has more than {@code residual} of them
 * outside sealed graph segments. Residual 0 is the strict definition; the shard engine keeps a
 * head smaller than its seal minimum (256 by default) exactly scanned by design, so a strict
 * wait can last for ever when the load happens to end just past a seal.
 */
final class CatchUpWatcher {
    private static final long POLL_MILLIS = 100;

    private CatchUpWatcher() {
    }

    /** Seconds from {@code lastAckNanos}, or null if not reached within the timeout. */
    /** The outcome: seconds from the last acknowledgement (null if not reached) and the head left. */
    record Result(Double seconds, long residualHead) {
    }

    static Result await(BenchTarget target, String index, long expectedVectors, long lastAckNanos, double timeoutSeconds,
                        long residual, PrintStream err, BenchOptions.Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        ProgressBar bar = new ProgressBar("index", expectedVectors, err, progress, System::nanoTime);
        long sealedShown = 0;
        long lastHead = -1;
        try {
            while (true) {
                BenchTarget.IndexState s = target.indexState(index);
                long now = System.nanoTime();
                if (s != null) {
                    lastHead = s.head();
                    // Backup copies count in `stored`; the sealed share is what matters for the bar.
                    long sealed = s.stored() == 0 ? 0 : Math.round(expectedVectors * (double) (s.stored() - s.head()) / s.stored());
                    if (sealed > sealedShown) {
                        bar.advance(sealed - sealedShown);
                        sealedShown = sealed;
                    }
                    if (s.maxNodeHead() <= residual && s.stored() >= expectedVectors) {
                        return new Result((now - lastAckNanos) / 1e9, s.head());
                    }
                }
                if (now > deadline) {
                    return new Result(null, lastHead);
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            bar.finish();
        }
    }
}
