package io.pyrope.node.advice;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.api.v1.IndexDescription;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.bench.SessionRunner;
import io.pyrope.bench.SessionWorkload;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.SidecarProcess;
import io.pyrope.node.TestPorts;
import io.pyrope.node.sidecar.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefetch end to end, every part real: a Pyrope node (this JVM, gRPC on loopback) and its
 * sidecar as a separate process started by {@code bin/pyrope sidecar}, under a session workload
 * generated from known cluster transitions. In order, on one index: sessions without a sidecar
 * (the "off" hit rate); the sidecar starts, learns the transitions from the node's access reports,
 * and the node warms predicted clusters (the "on" hit rate, at least 20 points higher); the
 * sidecar is killed (SIGKILL) mid-run: no search fails, the circuit opens, and prefetch stops once
 * the last rules are too old; a new sidecar resumes prefetch. Cached results live 400 ms here, so
 * that only clusters warmed ahead of a session's next query can answer it.
 * Needs llm-sidecar packaged (target/lib), hence an integration test.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class PrefetchSidecarIT {
    private static final TestPorts PORTS = TestPorts.slot(26);
    private static final int SIDECAR_PORT = PORTS.base() + 50;
    private static final String KEY = NodeFixture.DEFAULT_KEY;
    private static final String INDEX = "sessions";
    private static final int SESSIONS = 4;
    private static final long RULES_MAX_AGE_MS = 3_000;
    private static final SessionWorkload WORKLOAD = new SessionWorkload(32, 32, 0.3, 0.15, 0.85, 7);

    private static NodeFixture node;
    private static Process sidecar;
    private static Path work;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(SidecarProcess.packaged(),
                "llm-sidecar is not packaged (run the reactor build with -pl llm-sidecar,grid-node -am)");
        work = PlainIgnite.workDir("prefetch-it");
        node = NodeFixture.start(PORTS, "prefetch-it", Map.of(
                "PYROPE_EMBEDDING_SIDECAR_PORT", Integer.toString(SIDECAR_PORT),
                "PYROPE_CACHES_TTL_MIN_MS", "100",
                "PYROPE_CACHES_TTL_MAX_MS", "400",
                "PYROPE_ADVICE_RULES_PULL_MS", "250",
                "PYROPE_ADVICE_RULES_MAX_AGE_MS", Long.toString(RULES_MAX_AGE_MS),
                "PYROPE_ADVICE_BREAKER_OPEN_MS", "500",
                "PYROPE_PREFETCH_REWARM_MS", "100"));
        node.indexes(KEY).createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(INDEX)
                .setDimension(WORKLOAD.dim()).setMetric(Metric.COSINE).setCentroids(WORKLOAD.clusters())).build());
        Random rnd = new Random(11);
        UpsertRequest.Builder up = UpsertRequest.newBuilder().setIndex(INDEX);
        for (int i = 0; i < 40 * WORKLOAD.clusters(); i++) {
            Vector.Builder v = Vector.newBuilder().setId("v" + i);
            for (float f : WORKLOAD.point(i % WORKLOAD.clusters(), rnd)) {
                v.addValues(f);
            }
            up.addVectors(v);
            if (up.getVectorsCount() == 500) {
                node.vectors(KEY).upsert(up.build());
                up = UpsertRequest.newBuilder().setIndex(INDEX);
            }
        }
        node.vectors(KEY).upsert(up.build());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            IndexDescription d = node.indexes(KEY).describeIndex(DescribeIndexRequest.newBuilder().setName(INDEX).build());
            return d.getCentroids().getTrained() == WORKLOAD.clusters()
                    && d.getCentroids().getTrainedOnVectors() * 2 > d.getVectorCount();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        SidecarProcess.stop(sidecar);
        if (node != null) {
            node.close();
        }
    }

    @Test
    void prefetchRaisesTheSemanticHitRateSurvivesASidecarKillAndResumesAfterARestart() throws Exception {
        SessionRunner runner = new SessionRunner(WORKLOAD, r -> node.vectors(KEY).search(r), INDEX, 10, 150, 30, 5);

        List<SessionRunner.Sample> off = runner.run(SESSIONS, Duration.ofSeconds(15));
        SessionRunner.Summary offSummary = SessionRunner.summary(off);
        System.out.println("sidecar off:       " + offSummary);
        assertThat(offSummary.failed()).as("no sidecar: searches unaffected %s", runner.firstErrors()).isZero();
        assertThat(prefetches("issued")).isZero();

        sidecar = startSidecar("sidecar-1.log");
        runUntil(runner, () -> prefetches("issued") >= 50, "prefetch to start after the sidecar came up");
        List<SessionRunner.Sample> on = runner.run(SESSIONS, Duration.ofSeconds(15));
        SessionRunner.Summary onSummary = SessionRunner.summary(on);
        System.out.println("sidecar on:        " + onSummary + "  prefetch " + outcomes() + ", " + centroidFit());
        assertThat(onSummary.failed()).isZero();
        assertThat(onSummary.hitRate() - offSummary.hitRate())
                .as("hit rate on %s vs off %s", onSummary, offSummary).isGreaterThanOrEqualTo(0.20);

        // SIGKILL mid-run: not one search fails, the circuit opens.
        CompletableFuture<List<SessionRunner.Sample>> during = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run(SESSIONS, Duration.ofSeconds(10));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.SECONDS.sleep(2);
        sidecar.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        SessionRunner.Summary killed = SessionRunner.summary(during.get(60, TimeUnit.SECONDS));
        System.out.println("sidecar killed:    " + killed);
        assertThat(killed.failed()).as("searches while the sidecar died: %s", runner.firstErrors()).isZero();
        assertThat(advice().client().circuit()).isNotEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(reports("dropped_unavailable")).isPositive();

        // The last rules age out: no more prefetch while the sidecar is away.
        TimeUnit.MILLISECONDS.sleep(RULES_MAX_AGE_MS + 500);
        double issuedBefore = prefetches("issued");
        SessionRunner.Summary away = SessionRunner.summary(runner.run(SESSIONS, Duration.ofSeconds(5)));
        System.out.println("sidecar away:      " + away);
        assertThat(away.failed()).isZero();
        assertThat(prefetches("issued")).as("no prefetch on rules older than rulesMaxAgeMs").isEqualTo(issuedBefore);

        // A new sidecar (an empty model) learns again from the reports, and prefetch resumes.
        sidecar = startSidecar("sidecar-2.log");
        runUntil(runner, () -> prefetches("issued") >= issuedBefore + 20, "prefetch to resume after the restart");
        assertThat(advice().client().circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        SessionRunner.Summary resumed = SessionRunner.summary(runner.run(SESSIONS, Duration.ofSeconds(10)));
        System.out.println("sidecar restarted: " + resumed);
        assertThat(resumed.failed()).isZero();
    }

    /** Runs the sessions in 5 s rounds until the condition holds (at most 120 s). */
    private static void runUntil(SessionRunner runner, java.util.function.BooleanSupplier done, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 120 s for " + what).isLessThan(end);
            SessionRunner.Summary s = SessionRunner.summary(runner.run(SESSIONS, Duration.ofSeconds(5)));
            assertThat(s.failed()).as("searches while waiting for %s: %s", what, runner.firstErrors()).isZero();
        }
    }

    private static Process startSidecar(String log) throws Exception {
        return SidecarProcess.start(SIDECAR_PORT, Map.of("PYROPE_SIDECAR_EMBEDDING_PRELOAD", "false"), work.resolve(log),
                "pyrope-sidecar listening");
    }

    private static AdviceService advice() {
        return node.node().services().advice().orElseThrow();
    }

    private static double prefetches(String outcome) {
        return registry().get("pyrope.prefetch.requests").tag("outcome", outcome).counter().count();
    }

    /** Prefetch outcomes so far, for the log. */
    private static String outcomes() {
        StringBuilder b = new StringBuilder();
        for (String o : AdviceMeters.PREFETCH_OUTCOMES) {
            b.append(o).append('=').append((long) prefetches(o)).append(' ');
        }
        return b.toString().strip();
    }

    /** How many generating centers have a trained centroid within cosine 0.97, for the log. */
    private static String centroidFit() {
        float[] data = node.node().grid().catalog().centroids(new io.pyrope.domain.TenantId("default"), INDEX).orElseThrow().data();
        int dim = WORKLOAD.dim();
        int fit = 0;
        for (int c = 0; c < WORKLOAD.clusters(); c++) {
            float[] center = WORKLOAD.center(c);
            double best = -1;
            for (int k = 0; k < data.length / dim; k++) {
                double dot = 0;
                double n1 = 0;
                double n2 = 0;
                for (int d = 0; d < dim; d++) {
                    dot += center[d] * data[k * dim + d];
                    n1 += center[d] * center[d];
                    n2 += data[k * dim + d] * data[k * dim + d];
                }
                best = Math.max(best, dot / Math.sqrt(n1 * n2));
            }
            fit += best >= 0.97 ? 1 : 0;
        }
        return fit + " of " + WORKLOAD.clusters() + " clusters have a centroid within cos 0.97";
    }

    private static double reports(String outcome) {
        return registry().get("pyrope.advice.reports").tag("outcome", outcome).counter().count();
    }

    private static MeterRegistry registry() {
        return node.node().metrics().registry();
    }
}
