package io.pyrope.shard.bench;

import io.github.jbellis.jvector.graph.GraphIndexBuilder;
import io.github.jbellis.jvector.graph.ListRandomAccessVectorValues;
import io.github.jbellis.jvector.graph.RandomAccessVectorValues;
import io.github.jbellis.jvector.graph.similarity.BuildScoreProvider;
import io.github.jbellis.jvector.vector.VectorSimilarityFunction;
import io.github.jbellis.jvector.vector.VectorizationProvider;
import io.github.jbellis.jvector.vector.types.VectorFloat;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Limits;
import io.pyrope.domain.Metric;
import io.pyrope.domain.TenantId;
import io.pyrope.shard.PartitionSet;
import io.pyrope.shard.ShardEngineConfig;
import io.pyrope.shard.ShardHit;
import io.pyrope.shard.ShardKey;
import io.pyrope.shard.ShardQuery;
import io.pyrope.shard.ShardRegistry;
import io.pyrope.shard.ShardSearchResult;
import io.pyrope.shard.engine.SegmentedShard;
import io.pyrope.shard.testing.VectorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short single-threaded measurements of the shard engine (not part of the normal build: the class
 * name matches no surefire include and it needs -Dpyrope.bench=true).
 * Run: {@code mvn -B -o -pl partitioning -am verify -Dtest=ShardBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dpyrope.bench=true [-Dbench.n=100000] [-Dbench.skip10k=true] [-Dbench.rawDefault=false]
 * [-Dbench.headCapacity=131072]}; figures go to target/surefire-reports/*ShardBenchmark-output.txt
 * (lines starting with BENCH). On JDK 25 add {@code -Djvm=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
 * "-Dtest.jvm.args=-Xmx3g -XX:+UseParallelGC --add-modules jdk.incubator.vector"}.
 */
@EnabledIfSystemProperty(named = "pyrope.bench", matches = "true")
class ShardBenchmark {
    private static final int DIM = 128;
    private static final int PARTS = 64;
    private static final Metric METRIC = Metric.COSINE;
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    @Test
    void run() throws Exception {
        int big = Integer.getInteger("bench.n", 100_000);
        VectorData gen = new VectorData(100, DIM, 0.4f, 42);
        List<float[]> data = gen.next(Math.max(big, 10_000));
        List<float[]> queries = gen.next(500);
        print("jvector provider: " + VectorizationProvider.getInstance().getClass().getSimpleName()
                + ", java " + Runtime.version());

        if (!Boolean.getBoolean("bench.skip10k")) {
            rawBuild(data.subList(0, 2_000), null); // JIT warm-up
            double raw2 = rawBuild(data.subList(0, 10_000), new ForkJoinPool(2));
            double raw1 = Boolean.parseBoolean(System.getProperty("bench.rawDefault", "true"))
                    ? rawBuild(data.subList(0, 10_000), null) : Double.NaN;
            print(String.format("raw jvector build 10k: %.2f s (2-thread pool), %.2f s (jvector default pool)", raw2, raw1));
            measure(data.subList(0, 10_000), queries, raw2);
        }
        if (big > 10_000) {
            measure(data.subList(0, big), queries, Double.NaN);
        }
    }

    private void measure(List<float[]> data, List<float[]> queries, double rawBuildSeconds) throws Exception {
        int n = data.size();
        // -Dbench.headCapacity=N: one head big enough for a bulk load, so it becomes one graph.
        int head = Integer.getInteger("bench.headCapacity", 0);
        ShardEngineConfig config = head > 0 ? ShardEngineConfig.DEFAULTS.withHead(head, head) : ShardEngineConfig.DEFAULTS;
        print("config " + config);
        try (ShardRegistry registry = new ShardRegistry(config, "bench")) {
            SegmentedShard shard = (SegmentedShard) registry.getOrCreate(new ShardKey(new TenantId("b"), "b" + n),
                    IndexSpec.of("b" + n, DIM, METRIC));
            String[] ids = new String[n];
            List<Map<String, String>> mds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids[i] = "v" + i;
                mds.add(Map.of("tag", "t" + (i % 100)));
            }
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                shard.upsert(ids[i], i % PARTS, data.get(i), mds.get(i));
            }
            long t1 = System.nanoTime();
            long c1 = CPU.getCurrentThreadCpuTime();
            assertThat(shard.awaitIndexed(Duration.ofMinutes(10))).isTrue();
            long t2 = System.nanoTime();
            double ack = (t1 - t0) / 1e9;
            double caught = (t2 - t0) / 1e9;
            print(String.format("n=%d: upserts acknowledged in %.3f s (%.0f/s single thread wall, %.0f/s per CPU-second);"
                            + " all in graph segments after %.2f s%s",
                    n, ack, n / ack, n / ((c1 - c0) / 1e9), caught,
                    Double.isNaN(rawBuildSeconds) ? "" : String.format(" = %.2fx raw build", caught / rawBuildSeconds)));
            assertThat(shard.awaitQuiescent(Duration.ofMinutes(15))).isTrue();
            print(String.format("n=%d: quiescent after %.2f s, %s", n, (System.nanoTime() - t0) / 1e9, shard.stats()));

            int ef = Math.max(10, Limits.DEFAULT_EF);
            print(String.format("n=%d: recall@10 %.4f at ef=%d", n, recall(shard, data, queries.subList(0, 100), ef), ef));
            qps(shard, queries, n, ef, PartitionSet.all(PARTS), null, "all partitions");
            PartitionSet half = PartitionSet.of(java.util.stream.IntStream.range(0, PARTS / 2).toArray());
            qps(shard, queries, n, ef, half, null, "half the partitions");
            qps(shard, queries, n, ef, PartitionSet.all(PARTS),
                    new io.pyrope.domain.MetadataFilter(Map.of("tag", "t7")), "filter admitting 1%");
        }
    }

    private void qps(SegmentedShard shard, List<float[]> queries, int n, int ef, PartitionSet parts,
                     io.pyrope.domain.MetadataFilter filter, String what) {
        long end = System.nanoTime() + 1_000_000_000L; // warm-up
        int i = 0;
        while (System.nanoTime() < end) {
            shard.search(new ShardQuery(queries.get(i++ % queries.size()), 10, ef, parts, filter, false, false));
        }
        long cost = 0;
        int count = 0;
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        end = start + 4_000_000_000L;
        while (System.nanoTime() < end) {
            ShardSearchResult r = shard.search(new ShardQuery(queries.get(count % queries.size()), 10, ef, parts, filter, false, false));
            cost += r.distanceComputations();
            count++;
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double cpu = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
        print(String.format("n=%d: %s: %.0f QPS single thread wall (%.0f per CPU-second), %.0f distance computations/query",
                n, what, count / secs, count / cpu, (double) cost / count));
    }

    private static double recall(SegmentedShard shard, List<float[]> data, List<float[]> queries, int ef) {
        int found = 0;
        for (float[] q : queries) {
            Set<String> got = new HashSet<>();
            for (ShardHit h : shard.search(new ShardQuery(q, 10, ef, PartitionSet.all(PARTS), null, false, false)).hits()) {
                got.add(h.id());
            }
            for (int i : VectorData.topK(METRIC, data, q, 10)) {
                found += got.contains("v" + i) ? 1 : 0;
            }
        }
        return found / (10.0 * queries.size());
    }

    /** jvector alone: the same vectors (normalised, DOT_PRODUCT, as the shard indexes COSINE) and parameters. */
    private static double rawBuild(List<float[]> data, ForkJoinPool pool) {
        var vts = VectorizationProvider.getInstance().getVectorTypeSupport();
        List<VectorFloat<?>> vs = new ArrayList<>(data.size());
        for (float[] v : data) {
            double s = 0;
            for (float x : v) {
                s += x * x;
            }
            float[] u = new float[v.length];
            for (int j = 0; j < v.length; j++) {
                u[j] = (float) (v[j] / Math.sqrt(s));
            }
            vs.add(vts.createFloatVector(u));
        }
        RandomAccessVectorValues ravv = new ListRandomAccessVectorValues(vs, DIM);
        BuildScoreProvider bsp = BuildScoreProvider.randomAccessScoreProvider(ravv, VectorSimilarityFunction.DOT_PRODUCT);
        long t0 = System.nanoTime();
        GraphIndexBuilder b = pool == null
                ? new GraphIndexBuilder(bsp, DIM, Limits.DEFAULT_M, Limits.DEFAULT_BEAM, 1.2f, 1.2f, true, false)
                : new GraphIndexBuilder(bsp, DIM, Limits.DEFAULT_M, Limits.DEFAULT_BEAM, 1.2f, 1.2f, true, false, pool, pool);
        b.build(ravv);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (pool != null) {
            pool.shutdown();
        }
        return secs;
    }

    private static void print(String line) {
        System.out.println("BENCH " + line);
    }
}
