package io.pyrope.bench;

import com.google.protobuf.ByteString;
import io.pyrope.api.v1.CacheBulkPutRequest;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CacheLookupResponse;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code pyrope bench --workload zipf-cache}: repeated and paraphrased queries against the result
 * caches, and the LLM-response cache at scale, over gRPC against a running node.
 *
 * <p>Workload: {@code --templates} query templates drawn from the base's clusters; each request
 * picks a template by Zipf(s = {@code --zipf}) and sends it as is ({@code --exact-share}) or with
 * small noise (a paraphrase, cosine ≈ 0.97–0.99 at the default {@code --noise}). Phases: load the
 * base → caches on (hit rate by level; server-side time of hits from SearchResponse.server_micros)
 * → caches bypassed (same request stream) → LLM cache: bulk-put {@code --llm-entries} entries,
 * then {@code --llm-lookups} lookups (half paraphrases of stored prompts, half unrelated).
 */
public final class CacheBench {
    private final Map<String, String> opts;
    private final PrintStream out;
    private final int dim;
    private final Random rnd;

    private CacheBench(Map<String, String> opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
        this.dim = num("--dim", 128);
        this.rnd = new Random(num("--seed", 42));
    }

    /** Runs with Bench-style args ({@code --workload zipf-cache --target host:port ...}); returns the exit code. */
    public static int run(String[] args, PrintStream out, String defaultApiKey) {
        Map<String, String> opts = new ConcurrentHashMap<>(BenchChannel.pairs(args, defaultApiKey));
        try {
            new CacheBench(opts, out).execute();
            return 0;
        } catch (Exception e) {
            out.println("pyrope bench (zipf-cache) failed: " + e);
            return 1;
        }
    }

    private int num(String key, int dflt) {
        return BenchChannel.num(opts, key, dflt);
    }

    private double dbl(String key, double dflt) {
        return BenchChannel.dbl(opts, key, dflt);
    }

    private void execute() throws Exception {
        BenchChannel channel = BenchChannel.connect(opts);
        var indexes = channel.indexes();
        var vectors = channel.vectors();
        var cache = channel.cache();
        String index = opts.getOrDefault("--index", "cachebench_" + System.currentTimeMillis());
        int base = num("--base", 10_000);
        int clusters = num("--clusters", 100);
        float[][] centers = new float[clusters][];
        for (int c = 0; c < clusters; c++) {
            centers[c] = gaussian(1.0);
        }
        try {
            indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(index)
                    .setDimension(dim).setMetric(Metric.COSINE)).build());
            long t0 = System.nanoTime();
            for (int from = 0; from < base; from += 500) {
                UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(index);
                for (int i = from; i < Math.min(base, from + 500); i++) {
                    up.addVectors(vector("v" + i, add(centers[i % clusters], gaussian(0.25 * Math.sqrt(dim)))));
                }
                vectors.upsert(up.build());
            }
            out.printf("loaded %d vectors (dim %d) in %.1f s%n", base, dim, (System.nanoTime() - t0) / 1e9);
            TimeUnit.SECONDS.sleep(num("--settle-seconds", 5));

            int templates = num("--templates", 1_000);
            float[][] tpl = new float[templates][];
            for (int t = 0; t < templates; t++) {
                tpl[t] = add(centers[rnd.nextInt(clusters)], gaussian(0.25 * Math.sqrt(dim)));
            }
            int searches = num("--searches", 20_000);
            List<SearchRequest> stream = requests(index, tpl, searches);
            int warmup = num("--warmup-searches", 5_000);
            if (warmup > 0) {
                // Both JVMs' JIT and the node's graphs warm up on unrelated queries that bypass the
                // caches, so that neither measured phase pays for it (the first one used to).
                float[][] other = new float[Math.max(1, warmup / 10)][];
                for (int t = 0; t < other.length; t++) {
                    other[t] = add(centers[rnd.nextInt(clusters)], gaussian(0.25 * Math.sqrt(dim)));
                }
                runSearches("warm-up (bypassed, not measured)", vectors, requests(index, other, warmup), true);
            }
            runSearches("caches on", vectors, stream, false);
            runSearches("caches bypassed", vectors, stream, true);
            runLlm(cache, num("--llm-entries", 100_000), num("--llm-lookups", 5_000));
        } finally {
            indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
            channel.close();
        }
    }

    private List<SearchRequest> requests(String index, float[][] tpl, int n) {
        double s = dbl("--zipf", 1.1);
        double noise = dbl("--noise", 0.02);
        double exactShare = dbl("--exact-share", 0.5);
        double[] cdf = new double[tpl.length];
        double sum = 0;
        for (int i = 0; i < tpl.length; i++) {
            sum += 1 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        List<SearchRequest> out = new ArrayList<>(n);
        int k = num("--k", 10);
        for (int i = 0; i < n; i++) {
            double u = rnd.nextDouble() * sum;
            int t = java.util.Arrays.binarySearch(cdf, u);
            t = t >= 0 ? t : -t - 1;
            float[] q = rnd.nextDouble() < exactShare ? tpl[t] : add(tpl[t], gaussian(noise * norm(tpl[t])));
            SearchRequest.Builder r = SearchRequest.newBuilder().setIndex(index).setTopK(k);
            for (float f : q) {
                r.addQuery(f);
            }
            out.add(r.build());
        }
        return out;
    }

    private void runSearches(String label, VectorServiceGrpc.VectorServiceBlockingStub vectors, List<SearchRequest> stream,
                             boolean bypass) throws Exception {
        int threads = num("--threads", 4);
        Map<CacheLevel, LongAdder> levels = new EnumMap<>(CacheLevel.class);
        for (CacheLevel l : CacheLevel.values()) {
            if (l != CacheLevel.UNRECOGNIZED) {
                levels.put(l, new LongAdder());
            }
        }
        long[] hitServerNanos = new long[stream.size()];
        long[] missServerNanos = new long[stream.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger misses = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < stream.size(); ) {
                    SearchRequest r = bypass ? stream.get(i).toBuilder().setBypassCache(true).build() : stream.get(i);
                    SearchResponse resp = vectors.search(r);
                    levels.get(resp.getCacheLevel()).increment();
                    boolean hit = resp.getCacheLevel() == CacheLevel.CACHE_LEVEL_EXACT
                            || resp.getCacheLevel() == CacheLevel.CACHE_LEVEL_SEMANTIC
                            || resp.getCacheLevel() == CacheLevel.CACHE_LEVEL_ALIAS_EXACT;
                    if (hit) {
                        hitServerNanos[hits.getAndIncrement()] = resp.getServerMicros() * 1_000;
                    } else {
                        missServerNanos[misses.getAndIncrement()] = resp.getServerMicros() * 1_000;
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        Percentiles hitP = new Percentiles(java.util.Arrays.copyOf(hitServerNanos, hits.get()));
        Percentiles missP = new Percentiles(java.util.Arrays.copyOf(missServerNanos, misses.get()));
        out.printf("%s: %d searches, %d threads, %.0f QPS%n", label, stream.size(), threads, stream.size() / secs);
        levels.forEach((l, n) -> out.printf("  %-24s %6d  (%.1f %%)%n", l, n.sum(), 100.0 * n.sum() / stream.size()));
        out.printf("  server-side hits:   p50 %.3f ms  p99 %.3f ms  (n=%d)%n", hitP.millis(50), hitP.millis(99), hitP.count());
        out.printf("  server-side misses: p50 %.3f ms  p99 %.3f ms  (n=%d)%n", missP.millis(50), missP.millis(99), missP.count());
    }

    private void runLlm(CacheServiceGrpc.CacheServiceBlockingStub cache, int entries, int lookups) {
        String ns = "bench" + System.currentTimeMillis();
        float[][] prompts = new float[entries][];
        long t0 = System.nanoTime();
        for (int from = 0; from < entries; from += 1000) {
            CacheBulkPutRequest.Builder b = CacheBulkPutRequest.newBuilder().setNamespace(ns);
            for (int i = from; i < Math.min(entries, from + 1000); i++) {
                prompts[i] = gaussian(1.0);
                CacheEntry.Builder e = CacheEntry.newBuilder().setResponse(ByteString.copyFromUtf8("response " + i))
                        .setTtlSeconds(3600);
                for (float f : prompts[i]) {
                    e.addEmbedding(f);
                }
                b.addEntries(e);
            }
            cache.bulkPut(b.build());
        }
        out.printf("llm cache: %d entries bulk-put in %.1f s%n", entries, (System.nanoTime() - t0) / 1e9);
        try {
            // Let the graph builds of the fresh entries finish (until then lookups scan the unindexed ones exactly).
            TimeUnit.SECONDS.sleep(num("--llm-settle-seconds", 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<CacheLookupRequest> requests = new ArrayList<>(lookups);
        for (int i = 0; i < lookups; i++) {
            float[] q = i % 2 == 0 ? add(prompts[rnd.nextInt(entries)], gaussian(0.1)) : gaussian(1.0);
            CacheLookupRequest.Builder r = CacheLookupRequest.newBuilder().setNamespace(ns);
            for (float f : q) {
                r.addEmbedding(f);
            }
            requests.add(r.build());
        }
        int threads = num("--threads", 4);
        long[] server = new long[lookups];
        AtomicInteger hits = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t1 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            fs.add(pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < lookups; ) {
                    CacheLookupResponse resp = cache.lookup(requests.get(i));
                    server[i] = resp.getServerMicros() * 1_000;
                    if (resp.getHit()) {
                        hits.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        pool.shutdown();
        double secs = (System.nanoTime() - t1) / 1e9;
        Percentiles p = new Percentiles(server);
        out.printf("llm cache lookups at %d entries: %d lookups (%d threads), %.0f QPS, hit rate %.1f %% (expected ~50 %%),"
                        + " server-side p50 %.3f ms p99 %.3f ms%n", entries, lookups, threads, lookups / secs,
                100.0 * hits.get() / lookups, p.millis(50), p.millis(99));
        cache.invalidate(io.pyrope.api.v1.CacheInvalidateRequest.newBuilder().setNamespace(ns).setAll(true).build());
    }

    private static Vector vector(String id, float[] v) {
        Vector.Builder b = Vector.newBuilder().setId(id);
        for (float f : v) {
            b.addValues(f);
        }
        return b.build();
    }

    private float[] gaussian(double norm) {
        return VectorNoise.gaussian(rnd, dim, norm);
    }

    private static float[] add(float[] a, float[] b) {
        return VectorNoise.add(a, b);
    }

    private static double norm(float[] v) {
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        return Math.sqrt(n);
    }
}
