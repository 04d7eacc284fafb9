package io.pyrope.bench;

import java.io.PrintStream;

/**
 * Measures index catch-up: the time from the last acknowledged write until ClusterInfo reports
 * that every node's shard of the index holds all vectors with none left in the delta head.
 */
final class CatchUpWatcher {
    private static final long POLL_MILLIS = 100;

    private CatchUpWatcher() {
    }

    /** Seconds from {@code lastAckNanos}, or null if not reached within the timeout. */
    static Double await(BenchTarget target, String index, long expectedVectors, long lastAckNanos, double timeoutSeconds,
                        PrintStream err, BenchOptions.Progress progress) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        ProgressBar bar = new ProgressBar("index", expectedVectors, err, progress, System::nanoTime);
        long sealedShown = 0;
        try {
            while (true) {
                BenchTarget.IndexState s = target.indexState(index);
                long now = System.nanoTime();
                if (s != null) {
                    // Backup copies count in `stored`; the sealed share is what matters for the bar.
                    long sealed = s.stored() == 0 ? 0 : Math.round(expectedVectors * (double) (s.stored() - s.head()) / s.stored());
                    if (sealed > sealedShown) {
                        bar.advance(sealed - sealedShown);
                        sealedShown = sealed;
                    }
                    if (s.head() == 0 && s.stored() >= expectedVectors) {
                        return (now - lastAckNanos) / 1e9;
                    }
                }
                if (now > deadline) {
                    return null;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } finally {
            bar.finish();
        }
    }
}
