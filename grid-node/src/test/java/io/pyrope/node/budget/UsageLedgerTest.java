package io.pyrope.node.budget;

import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantUsage;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import io.pyrope.testing.MutableClock;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Cluster-wide usage on two real Ignite nodes in this JVM. */
class UsageLedgerTest {
    private static Ignite a;
    private static Ignite b;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(16);
        a = PlainIgnite.start("ledger-a", 0, ports, PlainIgnite.workDir("ledger-a"));
        b = PlainIgnite.start("ledger-b", 1, ports, PlainIgnite.workDir("ledger-b"));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void concurrentChargesFromTwoNodesAndEightThreadsEachAddUpExactly() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        TenantId tenant = new TenantId("exact");
        int threads = 8;
        int chargesPerThread = 5_000;
        try (UsageLedger onA = new UsageLedger(a, clock, 5); UsageLedger onB = new UsageLedger(b, clock, 5)) {
            ExecutorService pool = Executors.newFixedThreadPool(2 * threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 2 * threads; t++) {
                    UsageLedger ledger = t % 2 == 0 ? onA : onB;
                    long micros = 1 + t; // distinct amounts: a lost update changes the sum
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < chargesPerThread; i++) {
                            ledger.chargeSearch(tenant, micros, i % 10 == 0);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            onA.flush();
            onB.flush();
            long expectedMicros = 0;
            for (int t = 0; t < 2 * threads; t++) {
                expectedMicros += (1L + t) * chargesPerThread;
            }
            for (UsageLedger ledger : List.of(onA, onB)) {
                // The other node's last background flush may still be landing: exact once it has.
                long expected = expectedMicros;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> Math.round(ledger.usage(tenant, YearMonth.of(2026, 11), 0).spent() * 1e6) == expected);
                TenantUsage u = ledger.usage(tenant, YearMonth.of(2026, 11), 0);
                assertThat(Math.round(u.spent() * 1e6)).isEqualTo(expectedMicros);
                assertThat(u.searches()).isEqualTo(2L * threads * chargesPerThread);
                assertThat(u.degraded()).isEqualTo(2L * threads * chargesPerThread / 10);
            }
        }
    }

    /**
     * A node counts its own spend exactly: never twice while a flush is landing (reads race a
     * flusher running every millisecond), and a restarted ledger continues from what the node had
     * flushed.
     */
    @Test
    void aNodesOwnSpendIsCountedOnceWhileFlushingAndAfterARestart() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        TenantId tenant = new TenantId("once");
        YearMonth month = YearMonth.of(2026, 11);
        try (UsageLedger ledger = new UsageLedger(a, clock, 1)) {
            java.util.concurrent.atomic.AtomicLong charged = new java.util.concurrent.atomic.AtomicLong();
            Thread charger = new Thread(() -> {
                for (int i = 0; i < 200_000; i++) {
                    ledger.chargeSearch(tenant, 1, false);
                    charged.incrementAndGet();
                }
            });
            charger.start();
            long reads = 0;
            while (charger.isAlive()) {
                long seen = Math.round(ledger.usage(tenant, month, 0).spent() * 1e6);
                long after = charged.get();
                // At most the one charge between its add and the counter's increment.
                assertThat(seen).as("read %d", reads).isLessThanOrEqualTo(after + 1);
                reads++;
            }
            charger.join();
            assertThat(reads).isPositive();
            assertThat(Math.round(ledger.usage(tenant, month, 0).spent() * 1e6)).isEqualTo(200_000);
        }
        try (UsageLedger restarted = new UsageLedger(a, clock, 10_000)) {
            assertThat(restarted.usage(tenant, month, 0).spent()).isEqualTo(0.2);
            restarted.chargeSearch(tenant, 300_000, false);
            assertThat(restarted.usage(tenant, month, 0).spent()).as("continues from what this node flushed").isEqualTo(0.5);
            restarted.flush();
            assertThat(restarted.usage(tenant, month, 0).spent()).isEqualTo(0.5);
        }
        try (UsageLedger onB = new UsageLedger(b, clock, 10_000)) {
            assertThat(onB.usage(tenant, month, 0).spent()).isEqualTo(0.5);
        }
    }

    @Test
    void monthsAreKeyedByYearAndMonthInUtc() {
        MutableClock clock = MutableClock.at("2026-12-31T23:59:59Z");
        TenantId tenant = new TenantId("rollover");
        try (UsageLedger ledger = new UsageLedger(a, clock, 10_000)) {
            ledger.chargeSearch(tenant, 3_000_000, false);
            assertThat(ledger.currentMonth()).isEqualTo(YearMonth.of(2026, 12));
            clock.advance(Duration.ofSeconds(2)); // 2027-01-01T00:00:01Z
            assertThat(ledger.currentMonth()).isEqualTo(YearMonth.of(2027, 1));
            ledger.chargeSearch(tenant, 1_000_000, false);
            ledger.flush();
            assertThat(ledger.usage(tenant, YearMonth.of(2026, 12), 10).spent()).isEqualTo(3.0);
            assertThat(ledger.usage(tenant, YearMonth.of(2027, 1), 10).spent()).as("December does not carry into January").isEqualTo(1.0);
            // A year later, December starts empty: the key has the year, not just the month.
            clock.set(java.time.Instant.parse("2027-12-05T00:00:00Z"));
            ledger.chargeSearch(tenant, 500_000, false);
            assertThat(ledger.usage(tenant, YearMonth.of(2027, 12), 10).spent()).isEqualTo(0.5);
            assertThat(ledger.usage(tenant, YearMonth.of(2027, 12), 10).remaining()).isEqualTo(9.5);
        }
        // Flushed cluster-wide: node b sees a's charges without having charged anything.
        try (UsageLedger onB = new UsageLedger(b, clock, 10_000)) {
            assertThat(onB.usage(tenant, YearMonth.of(2026, 12), 0).spent()).isEqualTo(3.0);
            assertThat(onB.usage(tenant, YearMonth.of(2027, 12), 0).spent()).as("flushed on close").isEqualTo(0.5);
        }
    }
}
