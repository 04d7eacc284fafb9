package io.pyrope.bench;

import io.pyrope.api.v1.CentroidInfo;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code pyrope bench --workload sessions}: semantic-cache hit rate and search latency of user
 * sessions that move between clusters with known transitions ({@link SessionWorkload}), over gRPC
 * against a running node. Loads the clusters into a fresh COSINE index with as many centroids,
 * waits until its centroids are trained for good, runs the sessions unmeasured for
 * {@code --learn-seconds} (the sidecar learns the transitions, if there is one), then measured for
 * {@code --seconds}. With {@code --kill-at S --kill-cmd CMD} (and {@code --restart-at S
 * --restart-cmd CMD}) it runs the commands (bash -c) that many seconds into the measured phase and
 * reports before / killed / restarted apart, plus a timeline. Compare a node with prefetch on
 * against one with it off (e.g. {@code PYROPE_ADVICE_ENABLED=false}); {@code bin/bench-sessions}
 * does all three.
 */
public final class SessionBench {
    private final Map<String, String> opts;
    private final PrintStream out;

    private SessionBench(Map<String, String> opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
    }

    public static int run(String[] args, PrintStream out, String defaultApiKey) {
        try {
            new SessionBench(BenchChannel.pairs(args, defaultApiKey), out).execute();
        } catch (Exception e) {
            out.println("pyrope bench (sessions) failed: " + e);
            return 1;
        }
        return 0;
    }

    private void execute() throws Exception {
        BenchChannel channel = BenchChannel.connect(opts);
        var indexes = channel.indexes();
        var vectors = channel.vectors();
        String index = opts.getOrDefault("--index", "sessions_" + Long.toString(System.currentTimeMillis(), 36));
        long seed = BenchChannel.num(opts, "--seed", 42);
        SessionWorkload w = new SessionWorkload(BenchChannel.num(opts, "--dim", 32), BenchChannel.num(opts, "--clusters", 32),
                BenchChannel.dbl(opts, "--spread", 0.3), BenchChannel.dbl(opts, "--noise", 0.15),
                BenchChannel.dbl(opts, "--p-next", 0.85), seed);
        try {
            indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(index)
                    .setDimension(w.dim()).setMetric(Metric.COSINE).setCentroids(w.clusters())).build());
            int perCluster = BenchChannel.num(opts, "--per-cluster", 100);
            Random rnd = new Random(seed);
            UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(index);
            for (int i = 0; i < perCluster * w.clusters(); i++) {
                Vector.Builder v = Vector.newBuilder().setId("v" + i);
                for (float f : w.point(i % w.clusters(), rnd)) {
                    v.addValues(f);
                }
                up.addVectors(v);
                if (up.getVectorsCount() == 500) {
                    vectors.upsert(up.build());
                    up = UpsertRequest.newBuilder().setIndex(index);
                }
            }
            if (up.getVectorsCount() > 0) {
                vectors.upsert(up.build());
            }
            CentroidInfo c = awaitCentroids(indexes, index, w.clusters());
            out.printf("index %s: %d vectors in %d clusters (dim %d), centroids version %d trained on %d%n", index,
                    perCluster * w.clusters(), w.clusters(), w.dim(), c.getVersion(), c.getTrainedOnVectors());
            SessionRunner runner = new SessionRunner(w, r -> vectors.withDeadlineAfter(30, TimeUnit.SECONDS).search(r), index,
                    BenchChannel.num(opts, "--k", 10), BenchChannel.num(opts, "--think-ms", 150),
                    BenchChannel.num(opts, "--steps", 30), seed);
            int sessions = BenchChannel.num(opts, "--sessions", 4);
            int learn = BenchChannel.num(opts, "--learn-seconds", 20);
            if (learn > 0) {
                out.println("learning: " + SessionRunner.summary(runner.run(sessions, Duration.ofSeconds(learn))));
            }
            measure(runner, sessions);
            printMetrics();
        } finally {
            if (!opts.containsKey("--keep")) {
                indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
            }
            channel.close();
        }
    }

    private void measure(SessionRunner runner, int sessions) throws Exception {
        int seconds = BenchChannel.num(opts, "--seconds", 60);
        int killAt = BenchChannel.num(opts, "--kill-at", -1);
        int restartAt = BenchChannel.num(opts, "--restart-at", -1);
        ScheduledExecutorService events = Executors.newSingleThreadScheduledExecutor();
        if (killAt >= 0) {
            events.schedule(() -> shell("kill", opts.get("--kill-cmd")), killAt, TimeUnit.SECONDS);
        }
        if (restartAt >= 0) {
            events.schedule(() -> shell("restart", opts.get("--restart-cmd")), restartAt, TimeUnit.SECONDS);
        }
        List<SessionRunner.Sample> samples;
        try {
            samples = runner.run(sessions, Duration.ofSeconds(seconds));
        } finally {
            events.shutdownNow();
        }
        String label = opts.getOrDefault("--label", "measured");
        out.printf("%s (%d sessions, think %s ms, %d s): %s%n", label, sessions, opts.getOrDefault("--think-ms", "150"),
                seconds, SessionRunner.summary(samples));
        long s = TimeUnit.SECONDS.toNanos(1);
        if (killAt >= 0) {
            long end = restartAt >= 0 ? restartAt * s : Long.MAX_VALUE;
            out.println("  before the kill:    " + SessionRunner.summary(samples, 0, killAt * s));
            out.println("  sidecar killed:     " + SessionRunner.summary(samples, killAt * s, end));
            if (restartAt >= 0) {
                out.println("  after the restart:  " + SessionRunner.summary(samples, restartAt * s, Long.MAX_VALUE));
            }
        }
        int window = BenchChannel.num(opts, "--window-seconds", 10);
        for (int from = 0; from < seconds; from += window) {
            out.printf("  t=%3d..%3d s  %s%n", from, from + window,
                    SessionRunner.summary(samples, from * s, (from + window) * s));
        }
        runner.firstErrors().forEach(e -> out.println("  error: " + e));
    }

    private void shell(String what, String cmd) {
        if (cmd == null || cmd.isBlank()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
            out.printf("[%s] %s -> exit %d%n", what, cmd, p.waitFor());
        } catch (Exception e) {
            out.printf("[%s] %s failed: %s%n", what, cmd, e);
        }
    }

    /** Waits until the index has its centroids and they will not be retrained (trained on more than half the vectors). */
    private static CentroidInfo awaitCentroids(IndexServiceGrpc.IndexServiceBlockingStub indexes, String index, int k)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < end) {
            var d = indexes.describeIndex(DescribeIndexRequest.newBuilder().setName(index).build());
            CentroidInfo c = d.getCentroids();
            if (c.getTrained() == k && c.getTrainedOnVectors() * 2 > d.getVectorCount()) {
                return c;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("centroids of " + index + " not trained within 5 minutes");
    }

    /** The node's advice and prefetch counters, when --metrics host:port is given. */
    private void printMetrics() {
        String target = opts.get("--metrics");
        if (target == null) {
            return;
        }
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + target + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            body.lines().filter(l -> l.startsWith("pyrope_prefetch_") || l.startsWith("pyrope_advice_"))
                    .forEach(l -> out.println("  " + l));
        } catch (Exception e) {
            out.println("  (metrics at " + target + " not read: " + e + ")");
        }
    }
}
