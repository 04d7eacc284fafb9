package io.pyrope.bench;

import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.IndexType;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code pyrope bench}: the reference workload against a running node. Phases, in an order that
 * keeps them from competing for the CPU: generate clustered vectors → exact ground truth →
 * load (gRPC UpsertStream or SDK batches) → wait for index catch-up → warm-up and measured
 * search → drop the index → raw jvector in-process on the same vectors → report (text, JSON).
 */
public final class Bench {
    private final BenchOptions options;
    private final PrintStream err;
    private final Function<BenchOptions, BenchTarget> connector;

    Bench(BenchOptions options, PrintStream err, Function<BenchOptions, BenchTarget> connector) {
        this.options = options;
        this.err = err;
        this.connector = connector;
    }

    public static void main(String[] args) {
        int rc = args.length > 0 && args[0].equals("text")
                ? TextBench.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err,
                        System.getenv("PYROPE_DEFAULT_API_KEY"))
                : run(args, System.out, System.err, System.getenv("PYROPE_DEFAULT_API_KEY"));
        if (rc != 0) {
            System.exit(rc);
        }
    }

    /** Runs the bench; returns the process exit code (0 ok, 1 failed, 2 bad arguments). Never exits the JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err, String defaultApiKey) {
        if (java.util.Arrays.asList(args).contains("--budget-sweep")) {
            try {
                return BudgetSweep.run(args, out, err, System.getenv("PYROPE_ADMIN_KEY"));
            } catch (Exception e) {
                err.println("pyrope bench --budget-sweep failed: " + e);
                return 1;
            }
        }
        int workload = java.util.Arrays.asList(args).indexOf("--workload");
        if (workload >= 0 && workload + 1 < args.length && args[workload + 1].equals("sessions")) {
            // --workload sessions: semantic-cache hit rate of sessions with known cluster transitions (see SessionBench).
            return SessionBench.run(args, out, defaultApiKey);
        }
        if (java.util.Arrays.asList(args).contains("soak")) {
            // --workload soak: sustained mixed load over several nodes (its own options, see Soak).
            return Soak.run(args, out, defaultApiKey);
        }
        if (java.util.Arrays.asList(args).contains("zipf-cache")) {
            // --workload zipf-cache: the result- and LLM-cache benchmark (its own options, see CacheBench).
            return CacheBench.run(args, out, defaultApiKey);
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, defaultApiKey);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                err.println("pyrope bench: " + e.getMessage());
            }
            err.print(BenchOptions.USAGE);
            return 2;
        }
        try {
            BenchReport report = new Bench(options, err, Bench::connect).execute();
            out.print(report.toText());
            if (options.json() != null) {
                Files.writeString(options.json(), report.toJson());
                out.println("json      " + options.json().toAbsolutePath());
            }
            return 0;
        } catch (Exception e) {
            err.println("pyrope bench failed: " + e);
            if (e.getCause() != null) {
                err.println("  caused by: " + e.getCause());
            }
            return 1;
        }
    }

    BenchReport execute() throws Exception {
        BenchOptions o = options;
        int cpus = Runtime.getRuntime().availableProcessors();
        log("bench     %s → %s, %s index %s, %,d × %d %s vectors in %d clusters (seed %d), %,d queries, k %d, %s, %d threads",
                o.transport().name().toLowerCase(Locale.ROOT), o.target(), o.indexType(), o.index(), o.base(), o.dim(),
                o.metric(), o.clusters(), o.seed(), o.queries(), o.k(), effort(o), o.threads());

        long t0 = System.nanoTime();
        ClusteredVectors gen = new ClusteredVectors(o.seed(), o.dim(), o.clusters(), o.spread());
        float[][] base = gen.baseVectors(o.base(), cpus);
        float[][] queries = gen.queries(o.queries());
        log("generate  %.2f s", secondsSince(t0));

        t0 = System.nanoTime();
        int[][] truth = GroundTruth.compute(base, queries, o.k(), o.metric(), cpus);
        log("truth     exact top-%d of %,d queries in %.2f s", o.k(), o.queries(), secondsSince(t0));

        Loader.Result load;
        CatchUpWatcher.Result catchup;
        SearchRunner.Stats search;
        List<NprobeSweep.Row> sweep = new ArrayList<>();
        try (BenchTarget target = connector.apply(o)) {
            if (o.writeWarmup() > 0) {
                warmUpWrites(target, repeated(base, o.writeWarmup()));
            }
            target.createIndex(o.indexSpec(o.index()));
            try {
                load = Loader.load(target, o.index(), base, o.threads(), o.batch(), err, o.progress());
                log("load      %,d acknowledged in %.2f s (%,.0f vec/s)", load.acknowledged(), load.seconds(), load.vectorsPerSecond());
                catchup = CatchUpWatcher.await(target, o.index(), o.base(), load.lastAckNanos(), o.catchupTimeoutSeconds(),
                        o.catchupResidual(), err, o.progress());
                int ef = o.ef();
                int nprobe = o.nprobe();
                search = SearchRunner.run(q -> target.search(o.index(), queries[q], o.k(), ef, nprobe), o.queries(),
                        o.threads(), o.warmupSeconds(), o.searchSeconds());
                for (int n : o.nprobeSweep()) {
                    SearchRunner.Stats s = SearchRunner.run(q -> target.search(o.index(), queries[q], o.k(), 0, n),
                            o.queries(), o.threads(), Math.min(o.warmupSeconds(), 1), o.searchSeconds());
                    sweep.add(new NprobeSweep.Row(n, Recall.atK(truth, s.firstPass(), o.k()), s.qps(),
                            s.latencies().millis(50), s.latencies().millis(99)));
                    log("sweep     nprobe %d: recall@%d %.4f, %,.0f QPS", n, o.k(), sweep.get(sweep.size() - 1).recall(),
                            s.qps());
                }
            } finally {
                if (!o.keep()) {
                    dropQuietly(target, o.index());
                }
            }
        }
        double recall = Recall.atK(truth, search.firstPass(), o.k());

        Double rawBuild = null, rawQps = null, rawSingle = null, rawRecall = null;
        if (o.reference()) {
            try (RawJvector raw = new RawJvector(base, o.metric(), o.m(), cpus)) {
                rawBuild = raw.buildSeconds();
                log("jvector   built in %.2f s on %d threads", rawBuild, cpus);
                int ef = o.effectiveEf();
                double seconds = Math.min(o.searchSeconds(), 5);
                double warmup = Math.min(o.warmupSeconds(), 1);
                SearchRunner.Stats single = SearchRunner.run(q -> raw.search(queries[q], o.k(), ef), o.queries(), 1, warmup, seconds);
                SearchRunner.Stats multi = SearchRunner.run(q -> raw.search(queries[q], o.k(), ef), o.queries(), o.threads(), warmup, seconds);
                rawSingle = single.qps();
                rawQps = multi.qps();
                rawRecall = Recall.atK(truth, multi.firstPass(), o.k());
            } catch (NoClassDefFoundError e) {
                log("jvector   not on the classpath (%s): reference skipped", e.getMessage());
            }
        }

        Percentiles lat = search.latencies();
        return new BenchReport(o.transport().name().toLowerCase(Locale.ROOT), o.target(), o.metric().name(), o.base(), o.dim(),
                o.queries(), o.k(), o.effectiveEf(), o.threads(), load.acknowledged(), load.vectorsPerSecond(), load.seconds(),
                catchup.seconds(), catchup.seconds() == null, catchup.residualHead(), search.qps(), lat.millis(50), lat.millis(95), lat.millis(99), recall,
                search.operations(), rawBuild, rawQps, rawSingle, rawRecall, o.indexType().name(), o.effectiveNprobe(),
                new NprobeSweep(sweep));
    }

    private static String effort(BenchOptions o) {
        return o.indexType() == IndexType.IVF ? "nprobe " + o.effectiveNprobe() : "ef " + o.effectiveEf();
    }

    private static BenchTarget connect(BenchOptions o) {
        return switch (o.transport()) {
            case GRPC -> new GrpcTarget(o.target(), o.apiKey());
            case SDK -> new SdkTarget(o.target(), o.apiKey());
        };
    }

    /**
     * Writes {@code vectors} to a scratch index and drops it at once (before the node starts
     * indexing it), so that the measured load finds the node's write path compiled.
     */
    private void warmUpWrites(BenchTarget target, float[][] vectors) throws Exception {
        String scratch = options.index() + "_warmup";
        target.createIndex(options.indexSpec(scratch));
        try {
            Loader.Result r = Loader.load(target, scratch, vectors, options.threads(), options.batch(), err,
                    BenchOptions.Progress.NONE);
            log("warm-up   %,d vectors to a scratch index (%,.0f vec/s), dropped", r.acknowledged(), r.vectorsPerSecond());
        } finally {
            dropQuietly(target, scratch);
        }
    }

    /** The first {@code n} of the base vectors, cycled when n exceeds the base (ids stay distinct). */
    private static float[][] repeated(float[][] base, int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = base[i % base.length];
        }
        return out;
    }

    /** A failed drop must not hide the error that ended the run. */
    private void dropQuietly(BenchTarget target, String index) {
        try {
            target.dropIndex(index);
        } catch (RuntimeException e) {
            log("drop      index %s not dropped: %s", index, e);
        }
    }

    private void log(String format, Object... args) {
        err.println(String.format(Locale.ROOT, format, args));
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
