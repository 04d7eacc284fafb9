package io.pyrope.bench;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.centroid.CentroidTrainer;
import io.pyrope.shard.engine.SegmentedShard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recall@10, single-thread QPS and distance computations per query of one IVF shard against
 * nprobe, on the bench's data (clustered, seed 42), without transport or cluster: the shard
 * engine's own cost. Centroids trained as the grid does (k-means++ over a sample of up to 20,000,
 * 8 iterations). Not a test; run with the test classpath:
 * {@code java -cp ... io.pyrope.bench.IvfSweep n lists clusters spread [nprobe...]}.
 */
public final class IvfSweep {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int lists = Integer.parseInt(args[1]);
        int clusters = Integer.parseInt(args[2]);
        float spread = Float.parseFloat(args[3]);
        int k = 10;
        int cpus = Runtime.getRuntime().availableProcessors();
        ClusteredVectors gen = new ClusteredVectors(42, 128, clusters, spread);
        float[][] base = gen.baseVectors(n, cpus);
        float[][] queries = gen.queries(1000);
        int[][] truth = GroundTruth.compute(base, queries, k, Metric.COSINE, cpus);
        try (ShardRegistry registry = new ShardRegistry(ShardEngineConfig.DEFAULTS.withDeferral(0, 256), "ivf-sweep")) {
            SegmentedShard shard = (SegmentedShard) registry.getOrCreate(new ShardKey(new TenantId("t"), "s"),
                    IndexSpec.ivf("s", 128, Metric.COSINE, lists, 0));
            for (int i = 0; i < n; i++) {
                shard.upsert(Integer.toString(i), 0, base[i], Map.of());
            }
            long t0 = System.nanoTime();
            shard.useCentroids(new CentroidTrainer().train(shard.sample(20_000, 1), lists, Metric.COSINE, 1));
            shard.awaitQuiescent(Duration.ofHours(1));
            System.out.printf("n=%d lists=%d clusters=%d spread=%.2f: trained and assigned in %.1f s, %s, %s%n", n, lists,
                    clusters, spread, (System.nanoTime() - t0) / 1e9, shard.stats(), Runtime.version());
            List<Integer> probes = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                probes.add(Integer.parseInt(args[i]));
            }
            for (int nprobe : probes) {
                for (int pass = 0; pass < 2; pass++) {
                    long hits = 0;
                    long work = 0;
                    long s0 = System.nanoTime();
                    for (int q = 0; q < queries.length; q++) {
                        ShardSearchResult r = shard.search(new ShardQuery(queries[q], k, 0, PartitionSet.all(1), null,
                                false, false, nprobe));
                        work += r.distanceComputations();
                        Set<String> want = new HashSet<>();
                        for (int id : truth[q]) {
                            want.add(Integer.toString(id));
                        }
                        for (ShardHit h : r.hits()) {
                            hits += want.contains(h.id()) ? 1 : 0;
                        }
                    }
                    double s = (System.nanoTime() - s0) / 1e9;
                    if (pass == 1) {
                        System.out.printf("n=%d lists=%d nprobe=%d recall@10=%.4f qps(1 thread)=%.0f distances/query=%.0f%n",
                                n, lists, nprobe, hits / (10.0 * queries.length), queries.length / s,
                                (double) work / queries.length);
                    }
                }
            }
        }
    }
}
