package io.pyrope.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Loads the base with N concurrent writers (streams or batch callers), each on a contiguous range. */
final class Loader {
    record Result(long acknowledged, double seconds, long lastAckNanos) {
        double vectorsPerSecond() {
            return acknowledged / seconds;
        }
    }

    private Loader() {
    }

    static Result load(BenchTarget target, String index, float[][] base, int threads, int batch, PrintStream err,
                       BenchOptions.Progress progress) throws Exception {
        ProgressBar bar = new ProgressBar("load", base.length, err, progress, System::nanoTime);
        AtomicLong acked = new AtomicLong();
        AtomicLong lastAck = new AtomicLong();
        BenchTarget.LoadListener listener = new BenchTarget.LoadListener() {
            @Override
            public void sent(int vectors) {
                bar.advance(vectors);
            }

            @Override
            public void acknowledged(long vectors) {
                acked.addAndGet(vectors);
                lastAck.accumulateAndGet(System.nanoTime(), Math::max);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> writers = new ArrayList<>();
            int per = (base.length + threads - 1) / threads;
            for (int from = 0; from < base.length; from += per) {
                int s = from;
                int e = Math.min(base.length, from + per);
                writers.add(pool.submit(() -> {
                    target.load(index, base, s, e, batch, listener);
                    return null;
                }));
            }
            for (Future<?> w : writers) {
                try {
                    w.get();
                } catch (java.util.concurrent.ExecutionException ex) {
                    throw ex.getCause() instanceof Exception c ? c : ex;
                }
            }
        } finally {
            pool.shutdownNow();
            bar.finish();
        }
        long end = lastAck.get() == 0 ? System.nanoTime() : lastAck.get();
        return new Result(acked.get(), (end - start) / 1e9, end);
    }
}
