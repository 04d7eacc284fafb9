package io.pyrope.bench;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.IndexType;
import io.pyrope.domain.Metric;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The bench's command line, parsed and checked once. */
record BenchOptions(int dim, int base, int queries, int k, int ef, int threads, Transport transport,
                    String target, String apiKey, String index, boolean keep, int batch, Path json,
                    boolean reference, Metric metric, long seed, int clusters, float spread,
                    double warmupSeconds, double searchSeconds, double catchupTimeoutSeconds, long catchupResidual,
                    int writeWarmup, int m, Progress progress, IndexType indexType, int lists, int nprobe,
                    List<Integer> nprobeSweep) {

    enum Transport { GRPC, SDK }

    /** How the load progress bar renders: redrawn in place, a line every 10 %, or not at all. */
    enum Progress { AUTO, TTY, PLAIN, NONE }

    static final String USAGE = """
            usage: pyrope bench [options]
              --transport grpc|sdk     client path to measure (default grpc)
              --target host:port       a running node: its gRPC port for grpc (default 127.0.0.1:50051),
                                       its thin-client port for sdk (default 127.0.0.1:10800)
              --api-key KEY            default: $PYROPE_DEFAULT_API_KEY
              --dim 128 --base 10000 --queries 1000 --k 10
              --ef N                   HNSW search effort (default 0 = server default, max(k, 64))
              --threads 4              concurrent load streams and search threads
              --batch 500              vectors per upsert message
              --index NAME             created fresh, dropped afterwards unless --keep (default bench_<time>)
              --metric COSINE|L2|DOT_PRODUCT (default COSINE)
              --m 32                   graph degree of the index (and of the raw jvector reference)
              --index-type hnsw|ivf    index type (default hnsw)
              --lists N                IVF: inverted lists = centroids (default 0 = server default, 64)
              --nprobe N               IVF: lists probed per search (default 0 = the index default, min(8, lists))
              --nprobe-sweep 1,2,4,8   IVF: after the main run, search again at each nprobe and print
                                       recall@k and QPS per nprobe
              --seed 42 --clusters 100 --spread 0.25   synthetic Gaussian clusters
              --warmup-seconds 2 --search-seconds 10   measured phase runs at least one pass over the queries
              --write-warmup N         first write N vectors (the base, repeated if N > base) to a scratch
                                       index, dropped at once, so that the measured load runs on a warm
                                       JIT (default 30000: below the 32,768 entries after which a node
                                       starts indexing mid-burst; 0 measures a cold node)
              --catchup-timeout 600    seconds to wait for every vector to reach sealed graph segments
              --catchup-residual 255   caught up when no node has more than this many vectors outside
                                       graph segments (0 = strict; the shard engine keeps heads under
                                       its seal minimum, 256 by default, exactly scanned by design)
              --reference | --no-reference   raw jvector in-process on the same vectors (default on)
              --progress auto|tty|plain|none
              --json FILE              also write the results as JSON
              --workload zipf-cache    instead: result caches (Zipf over --templates 1000 with --noise 0.02,
                                       --exact-share 0.5, --searches 20000, after --warmup-searches 5000 bypassed)
                                       on vs bypassed, then the LLM cache (--llm-entries 100000,
                                       --llm-lookups 5000); see CacheBench
              --workload sessions      instead: sessions moving between --clusters 32 with known transitions
                                       (--p-next 0.85, --sessions 4, --steps 30, --think-ms 150, --noise 0.15,
                                       --learn-seconds 20, --seconds 60); semantic-cache hit rate and latency;
                                       --kill-at S --kill-cmd CMD --restart-at S --restart-cmd CMD run commands
                                       mid-run; --metrics host:port prints the node's prefetch counters.
                                       See SessionBench and bin/bench-sessions
              --workload soak          instead: sustained mixed load (searches, upserts, deletes, LLM-cache
                                       lookups/puts) over --targets h:p,h:p for --seconds 600, reported per
                                       --window 30 s, with node memory from --metrics URL,URL and --pids P,P;
                                       see Soak and docs/scripts/soak.sh
            pyrope bench --budget-sweep [--target host:port] [--base N] [--queries N] [--ef N] [--index-type ivf --nprobe N]
                                       recall and cost per budget position (needs PYROPE_ADMIN_KEY)
            """;

    static BenchOptions parse(String[] args, String envApiKey) {
        int dim = 128, base = 10_000, queries = 1_000, k = 10, ef = 0, threads = 4, batch = 500, clusters = 100;
        Transport transport = Transport.GRPC;
        String target = null, apiKey = envApiKey, index = null;
        boolean keep = false, reference = true;
        Path json = null;
        Metric metric = Metric.COSINE;
        long seed = 42;
        float spread = 0.25f;
        double warmup = 2, search = 10, catchup = 600;
        long residual = 255;
        int writeWarmup = -1;
        int m = io.pyrope.domain.Limits.DEFAULT_M;
        Progress progress = Progress.AUTO;
        IndexType indexType = IndexType.HNSW;
        int lists = 0, nprobe = 0;
        List<Integer> sweep = List.of();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--keep" -> keep = true;
                case "--reference" -> reference = true;
                case "--no-reference" -> reference = false;
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> {
                    if (!a.startsWith("--") || i + 1 >= args.length) {
                        throw new IllegalArgumentException("unknown or incomplete option: " + a);
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--dim" -> dim = positive(a, v);
                        case "--base" -> base = positive(a, v);
                        case "--queries" -> queries = positive(a, v);
                        case "--k" -> k = positive(a, v);
                        case "--ef" -> ef = nonNegative(a, v);
                        case "--threads" -> threads = positive(a, v);
                        case "--batch" -> batch = positive(a, v);
                        case "--clusters" -> clusters = positive(a, v);
                        case "--transport" -> transport = Transport.valueOf(upper(v));
                        case "--target", "--nodes" -> target = v;
                        case "--api-key" -> apiKey = v;
                        case "--index" -> index = v;
                        case "--json" -> json = Path.of(v);
                        case "--metric" -> metric = Metric.valueOf(upper(v).equals("DOT") ? "DOT_PRODUCT" : upper(v));
                        case "--seed" -> seed = Long.parseLong(v);
                        case "--spread" -> spread = Float.parseFloat(v);
                        case "--warmup-seconds" -> warmup = Double.parseDouble(v);
                        case "--search-seconds" -> search = Double.parseDouble(v);
                        case "--catchup-timeout" -> catchup = Double.parseDouble(v);
                        case "--catchup-residual" -> residual = nonNegative(a, v);
                        case "--write-warmup" -> writeWarmup = nonNegative(a, v);
                        case "--m" -> m = positive(a, v);
                        case "--progress" -> progress = Progress.valueOf(upper(v));
                        case "--index-type" -> indexType = IndexType.valueOf(upper(v));
                        case "--lists" -> lists = positive(a, v);
                        case "--nprobe" -> nprobe = positive(a, v);
                        case "--nprobe-sweep" -> sweep = Arrays.stream(v.split(",")).map(x -> positive(a, x.trim())).toList();
                        default -> throw new IllegalArgumentException("unknown option: " + a);
                    }
                }
            }
        }
        if (k > base) {
            throw new IllegalArgumentException("--k must not exceed --base");
        }
        if (batch > 1000) {
            throw new IllegalArgumentException("--batch must be at most 1000 (the server's per-message limit)");
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no API key: pass --api-key or set PYROPE_DEFAULT_API_KEY");
        }
        if (indexType == IndexType.IVF && ef > 0) {
            throw new IllegalArgumentException("--ef applies to HNSW indexes; an IVF index searches with --nprobe");
        }
        if (indexType == IndexType.HNSW && (lists > 0 || nprobe > 0 || !sweep.isEmpty())) {
            throw new IllegalArgumentException("--lists, --nprobe and --nprobe-sweep need --index-type ivf");
        }
        if (indexType == IndexType.IVF) {
            int listCount = lists == 0 ? io.pyrope.domain.Limits.DEFAULT_CENTROIDS : lists;
            for (int n : sweep) {
                if (n > listCount) {
                    throw new IllegalArgumentException("--nprobe-sweep value " + n + " exceeds the " + listCount + " lists");
                }
            }
            try {
                IndexSpec.ivf("check", dim, metric, lists, nprobe);
            } catch (io.pyrope.domain.PyropeException e) {
                // A bad --nprobe or --lists fails before any data moves.
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        if (writeWarmup < 0) {
            writeWarmup = 30_000;
        }
        if (target == null) {
            target = transport == Transport.GRPC ? "127.0.0.1:50051" : "127.0.0.1:10800";
        }
        if (index == null) {
            index = "bench_" + Long.toString(System.currentTimeMillis(), 36);
        }
        return new BenchOptions(dim, base, queries, k, ef, threads, transport, target, apiKey, index, keep, batch, json,
                reference, metric, seed, clusters, spread, warmup, search, catchup, residual,
                writeWarmup, m, progress, indexType, lists, nprobe, sweep);
    }

    /** The index the bench creates: the defaults but for the graph degree, or an IVF index. */
    IndexSpec indexSpec(String name) {
        if (indexType == IndexType.IVF) {
            return IndexSpec.ivf(name, dim, metric, lists, nprobe);
        }
        IndexSpec d = IndexSpec.of(name, dim, metric);
        return new IndexSpec(name, dim, metric, m, d.beamWidth(), d.centroids());
    }

    /** The nprobe a search really uses (0 for HNSW). */
    int effectiveNprobe() {
        return indexType == IndexType.IVF ? indexSpec("x").nprobe() : 0;
    }

    /** The ef a search really uses: the server's default rule when 0 (0 for IVF). */
    int effectiveEf() {
        if (indexType == IndexType.IVF) {
            return 0;
        }
        return ef == 0 ? Math.max(k, io.pyrope.domain.Limits.DEFAULT_EF) : Math.max(ef, k);
    }

    private static String upper(String v) {
        return v.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static int positive(String name, String v) {
        int n = Integer.parseInt(v.replace("_", ""));
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
        return n;
    }

    private static int nonNegative(String name, String v) {
        int n = Integer.parseInt(v.replace("_", ""));
        if (n < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + v);
        }
        return n;
    }
}
