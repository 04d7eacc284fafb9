package io.pyrope.sidecar.markov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.pyrope.sidecar.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MarkovModelTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));

    private static MarkovSettings settings(Duration halfLife, double minProbability, double minSupport) {
        return new MarkovSettings(halfLife, Duration.ofMinutes(30), 10_000, 100, 1_000, 32, minProbability,
                minSupport, 4, 3.0, Duration.ofSeconds(30), Duration.ofMinutes(30));
    }

    /** Walks sessions through a known matrix (no self-loops) and returns the accesses. */
    private static List<ClusterAccess> sessions(double[][] p, int sessions, int length, long seed, long startMs) {
        Random random = new Random(seed);
        List<ClusterAccess> out = new ArrayList<>();
        long t = startMs;
        for (int s = 0; s < sessions; s++) {
            int state = random.nextInt(p.length);
            for (int i = 0; i < length; i++) {
                out.add(new ClusterAccess("t1", "idx", "s" + s, state, t));
                t += 1_000;
                double u = random.nextDouble();
                int next = 0;
                for (double acc = p[state][0]; u > acc && next < p.length - 1; acc += p[state][++next]) {
                    // find the sampled column
                }
                state = next;
            }
        }
        return out;
    }

    @Test
    void learnsAKnownTransitionMatrix() {
        double[][] p = {
                {0.0, 0.7, 0.3, 0.0},
                {0.0, 0.0, 0.5, 0.5},
                {0.9, 0.0, 0.0, 0.1},
                {0.25, 0.25, 0.5, 0.0}};
        MarkovModel model = new MarkovModel(settings(Duration.ofDays(365), 0.2, 3), clock);
        for (ClusterAccess a : sessions(p, 400, 25, 42, clock.millis())) {
            model.record(a);
        }
        for (int from = 0; from < 4; from++) {
            for (int to = 0; to < 4; to++) {
                assertThat(model.probability("t1", "idx", from, to)).as("P(%d→%d)", from, to)
                        .isCloseTo(p[from][to], within(0.04));
            }
        }
        List<PrefetchRule> rules = model.rules("t1", "idx", 0, 0);
        assertThat(rules).extracting(PrefetchRule::to).containsExactly(1, 2);
        assertThat(rules.get(0).probability()).isCloseTo(0.7, within(0.04));
        // The 0.1 transition 2 → 3 is below the threshold.
        assertThat(model.rules("t1", "idx", 2, 0)).extracting(PrefetchRule::to).containsExactly(0);
        // Suggested TTL: 3 × the 1 s gap, clamped up to the 30 s floor.
        assertThat(rules.get(0).suggestedTtlSeconds()).isEqualTo(30);
    }

    @Test
    void decayLetsNewBehaviourReplaceOld() {
        MarkovModel model = new MarkovModel(settings(Duration.ofHours(1), 0.2, 3), clock);
        for (int i = 0; i < 50; i++) {
            model.record(new ClusterAccess("t1", "idx", "old" + i, 0, clock.millis()));
            model.record(new ClusterAccess("t1", "idx", "old" + i, 1, clock.millis() + 10));
        }
        assertThat(model.probability("t1", "idx", 0, 1)).isEqualTo(1.0);
        clock.advance(Duration.ofHours(5)); // 5 half-lives: 50 → 1.5625
        assertThat(model.support("t1", "idx", 0)).isCloseTo(50 / 32.0, within(1e-9));
        assertThat(model.rules("t1", "idx", 0, 0)).as("support below minimum").isEmpty();
        for (int i = 0; i < 10; i++) {
            model.record(new ClusterAccess("t1", "idx", "new" + i, 0, clock.millis()));
            model.record(new ClusterAccess("t1", "idx", "new" + i, 2, clock.millis() + 10));
        }
        double expected = 10 / (10 + 50 / 32.0);
        assertThat(model.probability("t1", "idx", 0, 2)).isCloseTo(expected, within(1e-9));
        assertThat(model.rules("t1", "idx", 0, 0)).extracting(PrefetchRule::to).containsExactly(2);
    }

    @Test
    void accessesBeyondTheSessionGapAreNotTransitions() {
        MarkovModel model = new MarkovModel(settings(Duration.ofHours(1), 0.2, 0), clock);
        long t = clock.millis();
        model.record(new ClusterAccess("t1", "idx", "s", 0, t));
        model.record(new ClusterAccess("t1", "idx", "s", 1, t + Duration.ofMinutes(31).toMillis()));
        model.record(new ClusterAccess("t1", "idx", "s", 2, t + Duration.ofMinutes(32).toMillis()));
        model.record(new ClusterAccess("t1", "idx", "s", 1, t + Duration.ofMinutes(31).toMillis())); // late
        assertThat(model.probability("t1", "idx", 0, 1)).isZero();
        assertThat(model.probability("t1", "idx", 1, 2)).isEqualTo(1.0);
        assertThat(model.probability("t1", "idx", 2, 1)).as("late arrival ignored").isZero();
        assertThat(model.record(new ClusterAccess("", "idx", "s", 1, t))).isFalse();
        assertThat(model.record(new ClusterAccess("t1", "idx", "s", -1, t))).isFalse();
    }

    @Test
    void tenantsAndIndexesAreSeparate() {
        MarkovModel model = new MarkovModel(settings(Duration.ofHours(1), 0.2, 0), clock);
        model.record(new ClusterAccess("a", "idx", "s", 0, 1));
        model.record(new ClusterAccess("a", "idx", "s", 1, 2));
        model.record(new ClusterAccess("b", "idx", "s", 0, 1));
        model.record(new ClusterAccess("b", "idx", "s", 2, 2));
        assertThat(model.rules("a", "idx", null, 0)).extracting(PrefetchRule::to).containsExactly(1);
        assertThat(model.rules("b", "idx", null, 0)).extracting(PrefetchRule::to).containsExactly(2);
        assertThat(model.rules("a", "other", null, 0)).isEmpty();
    }

    @Test
    void boundsHoldUnderAConcurrentFlood() throws Exception {
        MarkovSettings tight = new MarkovSettings(Duration.ofHours(1), Duration.ofMinutes(30), 100, 3, 50, 5,
                0.0, 0.0, 4, 3.0, Duration.ofSeconds(30), Duration.ofMinutes(30));
        MarkovModel model = new MarkovModel(tight, clock);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int seed = w;
            done.add(pool.submit(() -> {
                Random r = new Random(seed);
                start.await();
                for (int i = 0; i < 50_000; i++) {
                    model.record(new ClusterAccess("t" + r.nextInt(2), "i" + r.nextInt(3), "s" + r.nextInt(10_000),
                            r.nextInt(1_000), i));
                    if (i % 1000 == 0) {
                        model.rules("t0", "i0", null, 0);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(model.sessionCount()).isLessThanOrEqualTo(100);
        assertThat(model.indexCount()).isLessThanOrEqualTo(3);
        for (String t : List.of("t0", "t1")) {
            for (String i : List.of("i0", "i1", "i2")) {
                assertThat(model.stateCount(t, i)).isLessThanOrEqualTo(50);
                assertThat(model.maxTargetsPerState(t, i)).isLessThanOrEqualTo(5);
            }
        }
        // Probabilities stay proper after evictions: each row's rules sum to at most 1.
        for (PrefetchRule r : model.rules("t0", "i0", null, 0)) {
            double sum = model.rules("t0", "i0", r.from(), 0).stream().mapToDouble(PrefetchRule::probability).sum();
            assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
        }
    }

    @Test
    void concurrentSessionsLoseNoTransition() throws Exception {
        MarkovModel model = new MarkovModel(settings(Duration.ofDays(365), 0.0, 0), clock);
        int threads = 4;
        int sessionsPerThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            int worker = w;
            done.add(pool.submit(() -> {
                for (int s = 0; s < sessionsPerThread; s++) {
                    String id = worker + "-" + s;
                    for (int step = 0; step < 3; step++) {
                        model.record(new ClusterAccess("t", "i", id, step, step));
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(model.support("t", "i", 0)).isEqualTo(threads * sessionsPerThread);
        assertThat(model.support("t", "i", 1)).isEqualTo(threads * sessionsPerThread);
        assertThat(model.probability("t", "i", 0, 1)).isEqualTo(1.0);
    }
}
