package io.pyrope.compute.perf;

import io.pyrope.compute.PyropeGrid;
import io.pyrope.compute.VectorGrid;
import io.pyrope.compute.testing.ClusteredVectors;
import io.pyrope.compute.testing.TestGrids;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.SearchQuery;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.VectorRecord;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.ShardKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-process throughput of one grid node without any transport: where the time goes before gRPC.
 * Run: java -cp <test classpath> io.pyrope.compute.perf.GridThroughput [base] [threads] [ef]
 */
public final class GridThroughput {
    public static void main(String[] args) throws Exception {
        int base = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int ef = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int dim = 128;
        TenantId t = new TenantId("bench");
        ClusteredVectors gen = new ClusteredVectors(dim, 100, 0.35f, 1);
        float[][] data = gen.next(base);
        float[][] queries = gen.next(1000);
        boolean deferIndexing = args.length > 3 && args[3].equals("defer");
        io.pyrope.compute.GridOptions options = io.pyrope.compute.GridOptions.DEFAULTS;
        if (deferIndexing) {
            options = new io.pyrope.compute.GridOptions(io.pyrope.shard.ShardEngineConfig.DEFAULTS.withHead(1 << 20, 1 << 20),
                    options.centroidPolicy(), options.centroidCheckInterval(), options.searchAttempts(), options.searchRetryBackoff(),
                    options.baselineWait());
        }
        try (TestGrids grids = new TestGrids(256, 1, options)) {
            PyropeGrid node = grids.startNode();
            VectorGrid grid = node.vectors();
            grid.createIndex(t, IndexSpec.of("b", dim, Metric.COSINE));
            long t0 = System.nanoTime();
            List<VectorRecord> batch = new ArrayList<>();
            // Warm the write path (JIT) on another index so the figure is the steady state.
            grid.createIndex(t, IndexSpec.of("warm", dim, Metric.COSINE));
            for (int w = 0; w < 20; w++) {
                List<VectorRecord> wb = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    wb.add(new VectorRecord("w" + i, data[(w * 500 + i) % base]));
                }
                grid.upsert(t, "warm", wb);
            }
            grid.dropIndex(t, "warm");
            List<Long> batchMicros = new ArrayList<>();
            t0 = System.nanoTime();
            for (int i = 0; i < base; i++) {
                batch.add(new VectorRecord("v" + i, data[i]));
                if (batch.size() == 500) {
                    long b0 = System.nanoTime();
                    grid.upsert(t, "b", batch);
                    batchMicros.add((System.nanoTime() - b0) / 1000);
                    batch = new ArrayList<>();
                }
            }
            if (!batch.isEmpty()) {
                grid.upsert(t, "b", batch);
            }
            double writeS = (System.nanoTime() - t0) / 1e9;
            List<Long> sorted = new ArrayList<>(batchMicros);
            java.util.Collections.sort(sorted);
            System.out.println("batch us: p50=" + sorted.get(sorted.size() / 2) + " p90=" + sorted.get(sorted.size() * 9 / 10)
                    + " max=" + sorted.get(sorted.size() - 1) + " first10=" + batchMicros.subList(0, 10));
            LocalShard shard = node.shards().get(new ShardKey(t, "b")).orElseThrow();
            shard.awaitIndexed(Duration.ofMinutes(10));
            double catchup = (System.nanoTime() - t0) / 1e9 - writeS;
            System.out.printf("upsert: %.0f vec/s acknowledged; catch-up %.2f s; %s%n", base / writeS, catchup, shard.stats());

            if (args.length > 4 && args[4].equals("writeonly")) {
                return;
            }
            int[][] truth = new int[queries.length][];
            for (int q = 0; q < queries.length; q++) {
                truth[q] = exactTop10(queries[q], data);
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int round = 0; round < 2; round++) {
                int per = round == 0 ? 500 : 5000;
                long s0 = System.nanoTime();
                List<Future<Integer>> fs = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    int offset = th;
                    fs.add(pool.submit(() -> {
                        int hits = 0;
                        for (int i = 0; i < per; i++) {
                            int q = (offset * 7919 + i) % queries.length;
                            SearchResult r = grid.search(t, "b", new SearchQuery(queries[q], 10, ef, null, false, false));
                            Set<String> want = new HashSet<>();
                            for (int id : truth[q]) {
                                want.add("v" + id);
                            }
                            hits += (int) r.hits().stream().filter(h -> want.contains(h.id())).count();
                        }
                        return hits;
                    }));
                }
                long hits = 0;
                for (Future<Integer> f : fs) {
                    hits += f.get();
                }
                double s = (System.nanoTime() - s0) / 1e9;
                if (round == 1) {
                    System.out.printf("search: %.0f QPS with %d threads, recall@10 %.4f%n", per * threads / s, threads,
                            hits / (10.0 * per * threads));
                }
            }
            pool.shutdown();
        }
    }

    private static int[] exactTop10(float[] q, float[][] data) {
        double[] sim = new double[data.length];
        Integer[] order = new Integer[data.length];
        for (int i = 0; i < data.length; i++) {
            double dot = 0;
            double n1 = 0;
            double n2 = 0;
            for (int d = 0; d < q.length; d++) {
                dot += q[d] * data[i][d];
                n1 += q[d] * q[d];
                n2 += data[i][d] * data[i][d];
            }
            sim[i] = dot / Math.sqrt(n1 * n2);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(sim[b], sim[a]));
        int[] out = new int[10];
        for (int i = 0; i < 10; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
