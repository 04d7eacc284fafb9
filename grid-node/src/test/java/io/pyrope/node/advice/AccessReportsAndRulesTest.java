package io.pyrope.node.advice;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pyrope.domain.TenantId;
import io.pyrope.node.sidecar.Advice;
import io.pyrope.node.sidecar.CircuitBreaker;
import io.pyrope.node.sidecar.SidecarAdviceClient;
import io.pyrope.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node side of the advice protocol against a sidecar stand-in (real gRPC, in process): the
 * bounded report queue drops and counts, undeliverable reports are dropped and counted while the
 * circuit stops the calls, and pulled rules are filtered, capped, kept while the sidecar is down
 * and dropped once too old. Time comes from a clock the test moves.
 */
class AccessReportsAndRulesTest {
    private static final TenantId TENANT = new TenantId("acme");
    private static final long MAX_AGE_MS = 10_000;

    private final MutableClock clock = MutableClock.at("2026-12-05T12:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AdviceMeters meters = new AdviceMeters(registry);
    private final IndexActivity activity = new IndexActivity(AdviceService.ACTIVE_WINDOW_MS);
    private FakeSidecar sidecar;
    private SidecarAdviceClient client;

    @BeforeEach
    void start() throws Exception {
        sidecar = new FakeSidecar();
        client = sidecar.client(2, 1_000, clock, registry);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        sidecar.close();
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() {
        AccessReporter reporter = new AccessReporter(3, 100, client, activity, meters);
        for (int i = 0; i < 5; i++) {
            assertThat(reporter.offer(access("s1", i))).isEqualTo(i < 3);
        }
        assertThat(count("pyrope.advice.reports", "dropped_full")).isEqualTo(2);
        assertThat(sidecar.calls.get()).as("offers never call the sidecar").isZero();

        assertThat(reporter.drain()).isEqualTo(3);
        assertThat(sidecar.received).extracting(a -> a.getClusterId()).containsExactly(0, 1, 2);
        assertThat(sidecar.received.get(0).getSessionId()).isEqualTo("s1");
        assertThat(count("pyrope.advice.reports", "sent")).isEqualTo(3);
        assertThat(reporter.queued()).isZero();
        assertThat(reporter.offer(access("s1", 9))).as("room again after the drain").isTrue();
    }

    @Test
    void undeliverableReportsAreDroppedAndCountedAndAnOpenCircuitStopsCalling() {
        AccessReporter reporter = new AccessReporter(100, 2, client, activity, meters);
        sidecar.down = true;
        for (int i = 0; i < 6; i++) {
            reporter.offer(access("s1", i));
        }
        assertThat(reporter.drain()).isZero();
        assertThat(count("pyrope.advice.reports", "dropped_unavailable")).as("three batches of two").isEqualTo(6);
        assertThat(sidecar.calls.get()).as("two failures open the circuit; the third batch is not sent").isEqualTo(2);
        assertThat(client.circuit()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(registry.get("pyrope.advice.circuit.state").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("pyrope.advice.calls").tag("method", "ReportAccesses").tag("outcome", "short_circuited")
                .counter().count()).isEqualTo(1);

        // The sidecar comes back: after breakerOpenMs the next drain is the probe, and it closes the circuit.
        sidecar.down = false;
        reporter.offer(access("s1", 7));
        assertThat(reporter.drain()).as("still open").isZero();
        clock.advance(Duration.ofSeconds(1));
        reporter.offer(access("s1", 8));
        assertThat(reporter.drain()).isEqualTo(1);
        assertThat(client.circuit()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(sidecar.received).extracting(a -> a.getClusterId()).containsExactly(8);
    }

    @Test
    void pulledRulesAreFilteredCappedKeptWhileTheSidecarIsDownAndDroppedWhenTooOld() {
        AccessReporter reporter = new AccessReporter(100, 100, client, activity, meters);
        PrefetchRules rules = new PrefetchRules(0.3, 2, MAX_AGE_MS);
        AdvicePulls pulls = new AdvicePulls(client, activity, rules, null, null, null, meters, 30_000, 3_600_000);
        sidecar.rules = List.of(FakeSidecar.rule(0, 1, 0.5), FakeSidecar.rule(0, 2, 0.2), FakeSidecar.rule(0, 3, 0.6),
                FakeSidecar.rule(0, 4, 0.35), FakeSidecar.rule(5, 5, 0.9), FakeSidecar.rule(1, 0, 0.9));

        assertThat(pulls.pullRules(clock.millis())).as("no index searched yet: nothing to pull").isZero();
        reporter.offer(access("s1", 0));
        reporter.drain();
        assertThat(pulls.pullRules(clock.millis())).isEqualTo(1);
        assertThat(count("pyrope.advice.rules.pulled")).isEqualTo(1);
        assertThat(rules.targets(TENANT, "docs", 0, clock.millis()))
                .as("P >= 0.3, at most 2, most probable first")
                .extracting(PrefetchRules.Target::cluster).containsExactly(3, 1);
        assertThat(rules.targets(TENANT, "docs", 1, clock.millis())).extracting(PrefetchRules.Target::cluster).containsExactly(0);
        assertThat(rules.targets(TENANT, "docs", 5, clock.millis())).as("no self-loops").isEmpty();
        assertThat(rules.targets(TENANT, "other", 0, clock.millis())).isEmpty();

        sidecar.down = true;
        clock.advance(Duration.ofMillis(MAX_AGE_MS - 1));
        assertThat(pulls.pullRules(clock.millis())).isZero();
        assertThat(rules.targets(TENANT, "docs", 0, clock.millis())).as("last rules kept while down").hasSize(2);
        clock.advance(Duration.ofMillis(2));
        assertThat(rules.targets(TENANT, "docs", 0, clock.millis())).as("too old: no prefetch on stale advice").isEmpty();

        sidecar.down = false;
        clock.advance(Duration.ofSeconds(1));
        reporter.offer(access("s1", 1));
        reporter.drain();
        sidecar.rules = List.of(FakeSidecar.rule(0, 7, 0.8));
        assertThat(pulls.pullRules(clock.millis())).isEqualTo(1);
        assertThat(rules.targets(TENANT, "docs", 0, clock.millis())).as("a fresh pull replaces the set")
                .extracting(PrefetchRules.Target::cluster).containsExactly(7);
        assertThat(rules.targets(TENANT, "docs", 1, clock.millis())).isEmpty();
    }

    private AccessReporter.Observed access(String session, int cluster) {
        return new AccessReporter.Observed(new Advice.Access(TENANT, "docs", session, cluster, clock.millis()), 1, false, "");
    }

    private double count(String name, String outcome) {
        return registry.get(name).tag("outcome", outcome).counter().count();
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }
}
