package io.pyrope.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a query set with N threads: a timed warm-up, then a measured phase that lasts at least the
 * given time and at least one full pass over the queries. Returns throughput, every latency, and
 * the results of the first measured pass (for recall).
 */
final class SearchRunner {

    /** One search: the ordinals of the hits for query {@code q}, best first. */
    @FunctionalInterface
    interface Search {
        int[] run(int q) throws Exception;
    }

    record Stats(double qps, Percentiles latencies, int[][] firstPass, long operations, double seconds) {
    }

    private SearchRunner() {
    }

    static Stats run(Search search, int queries, int threads, double warmupSeconds, double measureSeconds) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            if (warmupSeconds > 0) {
                phase(pool, search, queries, threads, warmupSeconds, null);
            }
            return phase(pool, search, queries, threads, measureSeconds, new int[queries][]);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Stats phase(ExecutorService pool, Search search, int queries, int threads, double seconds,
                               int[][] firstPass) {
        AtomicLong next = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Future<long[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (true) {
                    long i = next.getAndIncrement();
                    // A full pass always completes; after it, stop at the deadline.
                    if (i >= queries && System.nanoTime() >= deadline) {
                        break;
                    }
                    int q = (int) (i % queries);
                    long t0 = System.nanoTime();
                    int[] found = search.run(q);
                    long took = System.nanoTime() - t0;
                    if (firstPass != null && i < queries) {
                        firstPass[q] = found;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = took;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> w : workers) {
                all.add(w.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("search failed: " + e.getCause(), e.getCause());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] merged = all.stream().flatMapToLong(Arrays::stream).toArray();
        return new Stats(merged.length / elapsed, new Percentiles(merged), firstPass, merged.length, elapsed);
    }
}
