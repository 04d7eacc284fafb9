package io.pyrope.node.quota;

import io.pyrope.domain.QuotaExceededException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import io.pyrope.testing.MutableClock;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster-wide token bucket on two real Ignite nodes, with the clock held still and then moved. */
class ClusterRateLimiterTest {
    private static Ignite a;
    private static Ignite b;

    @BeforeAll
    static void start() {
        TestPorts ports = TestPorts.slot(17);
        a = PlainIgnite.start("rate-a", 0, ports, PlainIgnite.workDir("rate-a"));
        b = PlainIgnite.start("rate-b", 1, ports, PlainIgnite.workDir("rate-b"));
    }

    @AfterAll
    static void stop() {
        b.close();
        a.close();
    }

    @Test
    void twoNodesTogetherNeverAdmitMoreThanTheBucketAllows() throws Exception {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        TenantQuotas q = new TenantQuotas(200, 100, 0, 0, 0);
        TenantId tenant = new TenantId("limited");
        List<ClusterRateLimiter> limiters = List.of(new ClusterRateLimiter(a, clock), new ClusterRateLimiter(b, clock));

        // Clock still: nothing refills, so the cluster admits exactly the burst, whatever the threads do.
        assertThat(hammer(limiters, tenant, q, 8, 200)).isEqualTo(100);

        // 0.5 s later: 100 tokens refilled (rate 200/s), capped by the capacity of 100.
        clock.advance(Duration.ofMillis(500));
        long second = hammer(limiters, tenant, q, 8, 200);
        assertThat(second).isLessThanOrEqualTo(100).isGreaterThanOrEqualTo(100 - 2 * chunk(q));

        // 50 ms later: 10 tokens; the leases of 100 ms ago have expired, so none can be spent twice.
        clock.advance(Duration.ofMillis(50));
        assertThat(hammer(limiters, tenant, q, 8, 200)).isLessThanOrEqualTo(10);
    }

    @Test
    void refusalSaysWhatAndWhenToRetry() {
        MutableClock clock = MutableClock.at("2026-11-25T10:00:00Z");
        TenantQuotas q = new TenantQuotas(2, 2, 0, 0, 0);
        ClusterRateLimiter limiter = new ClusterRateLimiter(a, clock);
        TenantId tenant = new TenantId("slow");
        limiter.acquire(tenant, q, 1);
        limiter.acquire(tenant, q, 1);
        assertThatThrownBy(() -> limiter.acquire(tenant, q, 1))
                .isInstanceOfSatisfying(QuotaExceededException.class, e -> {
                    assertThat(e.retryAfterMillis()).isBetween(1L, 500L);
                    assertThat(e.getMessage()).contains("rate limit of 2 requests/s").contains("'slow'").contains("retry after");
                });
        assertThatThrownBy(() -> limiter.acquire(tenant, q, 3)).isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("burst is 2");
        clock.advance(Duration.ofMillis(500));
        limiter.acquire(tenant, q, 1);
    }

    @Test
    void unlimitedTenantsNeverTouchTheCluster() {
        ClusterRateLimiter limiter = new ClusterRateLimiter(a, MutableClock.at("2026-11-25T10:00:00Z"));
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire(new TenantId("free"), TenantQuotas.UNLIMITED, 1);
        }
        assertThat(a.cache(ClusterRateLimiter.CACHE).containsKey("free")).isFalse();
    }

    private static long chunk(TenantQuotas q) {
        return (long) Math.ceil(q.requestsPerSecond() * ClusterRateLimiter.CHUNK_MS / 1000.0);
    }

    private static long hammer(List<ClusterRateLimiter> limiters, TenantId tenant, TenantQuotas q, int threadsPerNode,
                               int attemptsPerThread) throws Exception {
        AtomicLong admitted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerNode * limiters.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ClusterRateLimiter limiter : limiters) {
                for (int t = 0; t < threadsPerNode; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < attemptsPerThread; i++) {
                            try {
                                limiter.acquire(tenant, q, 1);
                                admitted.incrementAndGet();
                            } catch (QuotaExceededException e) {
                                // refused: expected once the bucket is dry
                            }
                        }
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return admitted.get();
    }
}
