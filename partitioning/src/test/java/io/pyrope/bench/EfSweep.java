package io.pyrope.bench;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.LocalShard;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Recall@k and single-thread QPS of one shard (the bench's data: clustered, seed 42) against ef,
 * to calibrate the default search effort. Not a test; run with the test classpath:
 * {@code java -cp ... io.pyrope.bench.EfSweep [n] [ef...]}.
 */
public final class EfSweep {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int k = 10;
        int cpus = Runtime.getRuntime().availableProcessors();
        ClusteredVectors gen = new ClusteredVectors(42, 128, 100, 0.25f);
        float[][] base = gen.baseVectors(n, cpus);
        float[][] queries = gen.queries(1000);
        int[][] truth = GroundTruth.compute(base, queries, k, Metric.COSINE, cpus);
        try (ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS.withDeferral(0, 256), "sweep")) {
            LocalShard shard = registry.getOrCreate(new ShardKey(new TenantId("t"), "s"), IndexSpec.of("s", 128, Metric.COSINE));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                shard.upsert(Integer.toString(i), 0, base[i], Map.of());
            }
            shard.awaitIndexed(Duration.ofHours(1));
            System.out.printf("n=%d loaded+indexed in %.1f s: %s%n", n, (System.nanoTime() - t0) / 1e9, shard.stats());
            int[] efs = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                    : new int[]{10, 16, 24, 32, 48, 64, 96, 128, 192, 256};
            for (int ef : efs) {
                for (int pass = 0; pass < 2; pass++) {
                    long hits = 0;
                    long work = 0;
                    long s0 = System.nanoTime();
                    for (int q = 0; q < queries.length; q++) {
                        var r = shard.search(new ShardQuery(queries[q], k, ef, PartitionSet.all(1), null, false, false));
                        work += r.distanceComputations();
                        Set<String> want = new HashSet<>();
                        for (int id : truth[q]) {
                            want.add(Integer.toString(id));
                        }
                        for (ShardHit h : r.hits()) {
                            if (want.contains(h.id())) {
                                hits++;
                            }
                        }
                    }
                    double s = (System.nanoTime() - s0) / 1e9;
                    if (pass == 1) {
                        System.out.printf("n=%d ef=%d recall@10=%.4f qps(1 thread)=%.0f distance computations/query=%.0f%n", n, ef,
                                hits / (10.0 * queries.length), queries.length / s, (double) work / queries.length);
                    }
                }
            }
        }
    }
}
