package io.pyrope.sidecar.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pyrope.sidecar.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small parts of the LLM layer, each on a controlled clock. */
class LlmPartsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    private static LlmException failure(LlmException.Kind kind, Duration retryAfter) {
        return new LlmException(kind, "x", retryAfter, null);
    }

    @Test
    void retryPolicyRetriesOnlyRetryableErrorsAndCapsAttempts() {
        RetryPolicy p = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5), () -> 1.0);
        assertThat(p.nextDelay(1, failure(LlmException.Kind.MALFORMED, null))).isEmpty();
        assertThat(p.nextDelay(1, failure(LlmException.Kind.CLIENT_ERROR, null))).isEmpty();
        assertThat(p.nextDelay(1, failure(LlmException.Kind.SERVER_ERROR, null))).contains(Duration.ofMillis(100));
        assertThat(p.nextDelay(2, failure(LlmException.Kind.TIMEOUT, null))).contains(Duration.ofMillis(200));
        assertThat(p.nextDelay(3, failure(LlmException.Kind.NETWORK, null))).as("capped").contains(Duration.ofMillis(300));
        assertThat(p.nextDelay(4, failure(LlmException.Kind.SERVER_ERROR, null))).as("max attempts").isEmpty();
        assertThat(p.nextDelay(1, failure(LlmException.Kind.RATE_LIMITED, Duration.ofSeconds(3))))
                .contains(Duration.ofSeconds(3));
        assertThat(p.nextDelay(1, failure(LlmException.Kind.RATE_LIMITED, Duration.ofSeconds(6)))).isEmpty();
        RetryPolicy noJitter = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(5), () -> 0.0);
        assertThat(noJitter.nextDelay(1, failure(LlmException.Kind.SERVER_ERROR, null))).contains(Duration.ofMillis(50));
    }

    @Test
    void circuitBreakerOpensHalfOpensWithOneProbeAndCloses() {
        CircuitBreaker b = new CircuitBreaker(2, Duration.ofSeconds(10), clock);
        b.onFailure();
        assertThat(b.tryAcquire()).isTrue();
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(b.tryAcquire()).as("probe").isTrue();
        assertThat(b.tryAcquire()).as("one probe at a time").isFalse();
        b.onFailure();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.OPEN);
        clock.advance(Duration.ofSeconds(10));
        assertThat(b.tryAcquire()).isTrue();
        b.onSuccess();
        assertThat(b.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(b.tryAcquire()).isTrue();
    }

    @Test
    void tokenBucketRefillsWithTheClockAndCarriesDebt() {
        RateLimiter limiter = new RateLimiter(60, 600, clock);
        assertThat(limiter.tryReserve(500)).isZero();
        assertThat(limiter.tryReserve(200)).isEqualTo(Duration.ofSeconds(10)); // 100 missing at 10/s
        limiter.settle(500, 700); // used 200 more than reserved: balance -100
        assertThat(limiter.tryReserve(100)).isEqualTo(Duration.ofSeconds(20));
        clock.advance(Duration.ofSeconds(20));
        assertThat(limiter.tryReserve(100)).isZero();
    }

    @Test
    void responseCacheExpiresOnTheInjectedClockAndSkipsFallbacks() {
        ResponseCache cache = new ResponseCache(Duration.ofMinutes(5), 100, clock);
        LlmRequest r = new LlmRequest("p", "s", "prompt", "{}", 10, 0);
        cache.put(r, LlmResponse.of("a", Usage.NONE, "x", "m"));
        cache.put(new LlmRequest("p", "s", "other", "{}", 10, 0),
                LlmResponse.of("b", Usage.NONE, "offline", "rules").withFallbackReason("timeout"));
        assertThat(cache.get(r)).get().extracting(LlmResponse::text).isEqualTo("a");
        assertThat(cache.size()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(5));
        assertThat(cache.get(r)).isEmpty();
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void tokenTrackerPricesPerModelAndAlertsOncePerThreshold() {
        List<BudgetAlert> alerts = new java.util.ArrayList<>();
        TokenTracker t = new TokenTracker(Map.of("cheap", new ModelPrice(1, 1)), new ModelPrice(10, 10), 1.0, 0,
                List.of(0.5, 1.0), clock, alerts::add);
        assertThat(t.record("cheap", new Usage(300_000, 0, false))).isEqualTo(0.3);
        assertThat(t.record("unknown", new Usage(30_000, 0, false))).as("default price").isEqualTo(0.3);
        assertThat(alerts).extracting(BudgetAlert::fraction).containsExactly(0.5);
        t.record("cheap", new Usage(100_000, 0, false));
        assertThat(alerts).hasSize(1);
        t.record("cheap", new Usage(300_000, 0, false));
        assertThat(alerts).extracting(BudgetAlert::fraction).containsExactly(0.5, 1.0);
        assertThat(t.exhausted()).isTrue();
        clock.set(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(t.exhausted()).isFalse();
        t.record("cheap", new Usage(600_000, 0, false));
        assertThat(alerts).extracting(BudgetAlert::periodKey).containsExactly("2026-11-25", "2026-11-25", "2026-11-26");
    }

    @Test
    void replayLogRecordsAndReplayProviderServes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("replay.jsonl");
        LlmRequest r = new LlmRequest("alias", "sys", "prompt", "{\"texts\":[]}", 10, 0);
        try (ReplayLog log = new ReplayLog(file, clock)) {
            log.append(r, LlmResponse.of("{\"aliases\":[]}", new Usage(5, 6, false), "primary", "gpt"));
            log.append(new LlmRequest("alias", "sys", "other", "{}", 10, 0),
                    LlmResponse.of("{}", Usage.NONE, "offline", "rules").withFallbackReason("timeout"));
        }
        assertThat(Files.readAllLines(file)).hasSize(2).allMatch(l -> l.startsWith("{\"ts\":"));
        ReplayProvider replay = new ReplayProvider(file);
        assertThat(replay.size()).as("fallbacks are not replayed").isEqualTo(1);
        LlmResponse served = replay.complete(r);
        assertThat(served.text()).isEqualTo("{\"aliases\":[]}");
        assertThat(served.usage()).isEqualTo(new Usage(5, 6, false));
        assertThat(served.provider()).isEqualTo("replay:primary");
        assertThatThrownBy(() -> replay.complete(new LlmRequest("alias", "sys", "unknown", "{}", 10, 0)))
                .isInstanceOf(LlmException.class);
    }

    @Test
    void requestKeyIgnoresNothingThatChangesTheAnswer() {
        LlmRequest a = new LlmRequest("p", "s", "prompt", "{}", 10, 0);
        assertThat(a.key()).isEqualTo(new LlmRequest("p", "s", "prompt", "{}", 10, 0).key());
        assertThat(a.key()).isNotEqualTo(new LlmRequest("p", "s", "prompt", "{}", 11, 0).key());
        assertThat(a.key()).isNotEqualTo(new LlmRequest("p", "s2", "prompt", "{}", 10, 0).key());
    }
}
