package io.pyrope.sidecar.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pyrope.sidecar.testing.FakeOpenAiServer;
import io.pyrope.sidecar.testing.FakeOpenAiServer.Reply;
import io.pyrope.sidecar.testing.LlmHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider layer against a real HTTP server on loopback speaking the OpenAI wire format.
 * Retry counts are the server's hit counts; timings come from the virtual clock (back-off and
 * Retry-After never sleep for real), with jitter pinned at 0.5: back-off after attempt n is
 * 0.75 × 100 ms × 2^(n-1), i.e. 75 ms, 150 ms, ...
 */
class OpenAiProviderAcceptanceTest {

    private FakeOpenAiServer server;
    private LlmHarness harness;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        server.close();
    }

    private OpenAiCompatibleProvider provider(String name, FakeOpenAiServer s, Duration requestTimeout) {
        return new OpenAiCompatibleProvider(name, s.baseUrl(), "test-model", "test-key", Duration.ofSeconds(1),
                requestTimeout);
    }

    private LlmHarness harness(LlmHarness.Options options) {
        harness = new LlmHarness(List.of(provider("primary", server, Duration.ofSeconds(2))), options);
        return harness;
    }

    private static LlmRequest request(int i) {
        return new LlmRequest("echo", "system text", "prompt " + i, "{\"i\":" + i + "}", 50, 0.0);
    }

    /** The response and the virtual time it took. */
    private record Timed(LlmResponse response, long elapsedMs) {
    }

    private Timed call(LlmRequest request) throws Exception {
        long t0 = harness.clock.millis();
        LlmResponse r = harness.gateway.submit(request, Priority.MEDIUM).get(10, TimeUnit.SECONDS);
        return new Timed(r, harness.clock.millis() - t0);
    }

    @Test
    void successReadsProviderUsageAndPricesIt() throws Exception {
        server.script(Reply.ok("{\"answer\":1}", 42, 7));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(t.response().text()).isEqualTo("{\"answer\":1}");
        assertThat(t.response().provider()).isEqualTo("primary");
        assertThat(t.response().usage()).isEqualTo(new Usage(42, 7, false));
        assertThat(t.response().attempts()).isEqualTo(1);
        assertThat(t.response().isFallback()).isFalse();
        assertThat(t.elapsedMs()).isZero();
        assertThat(server.hits()).isEqualTo(1);
        assertThat(server.authorizations()).containsExactly("Bearer test-key");
        assertThat(server.bodies().get(0)).contains("\"model\":\"test-model\"", "\"max_tokens\":50",
                "\"role\":\"system\"", "\"role\":\"user\"", "prompt 1");
        TokenStats stats = harness.tracker.stats();
        assertThat(stats.promptTokens()).isEqualTo(42);
        assertThat(stats.completionTokens()).isEqualTo(7);
        assertThat(stats.estimatedCalls()).isZero();
        assertThat(stats.daySpent()).isEqualTo((42 * 1.0 + 7 * 2.0) / 1_000_000);

        Timed again = call(request(1));
        assertThat(again.response().cached()).isTrue();
        assertThat(server.hits()).as("served from the response cache").isEqualTo(1);
        assertThat(harness.gateway.cache().stats().hitCount()).isEqualTo(1);
    }

    @Test
    void missingUsageIsEstimated() throws Exception {
        server.script(Reply.okWithoutUsage("twelve chars"));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(t.response().usage().estimated()).isTrue();
        assertThat(t.response().usage().completionTokens()).isEqualTo(3);
        assertThat(harness.tracker.stats().estimatedCalls()).isEqualTo(1);
    }

    @Test
    void throttledRequestWaitsExactlyRetryAfter() throws Exception {
        server.script(Reply.throttled("2"), Reply.ok("{}", 10, 1));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(t.response().provider()).isEqualTo("primary");
        assertThat(t.response().attempts()).isEqualTo(2);
        assertThat(server.hits()).isEqualTo(2);
        assertThat(t.elapsedMs()).isEqualTo(2_000);
        assertThat(harness.parker.waits()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterBeyondTheCapFailsOverAtOnce() throws Exception {
        server.script(Reply.throttled("60"));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(t.response().provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(t.response().fallbackReason()).contains("RATE_LIMITED");
        assertThat(server.hits()).isEqualTo(1);
        assertThat(t.elapsedMs()).isZero();
    }

    @Test
    void serverErrorBurstIsRetriedWithExponentialBackoff() throws Exception {
        server.script(Reply.status(500), Reply.status(503), Reply.ok("{}", 5, 5));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(t.response().provider()).isEqualTo("primary");
        assertThat(t.response().attempts()).isEqualTo(3);
        assertThat(server.hits()).isEqualTo(3);
        assertThat(harness.parker.waits()).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150));
        assertThat(t.elapsedMs()).isEqualTo(225);
    }

    @Test
    void persistentErrorsEndOfflineAndOpenTheBreakerUntilAProbeSucceeds() throws Exception {
        server.script(Reply.status(500), Reply.status(500), Reply.status(500));
        LlmHarness.Options o = new LlmHarness.Options();
        o.failureThreshold = 3;
        harness(o);
        Timed t = call(request(1));
        assertThat(server.hits()).as("capped at maxAttempts").isEqualTo(3);
        assertThat(t.response().provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(t.response().text()).isEqualTo("{\"offline\":{\"i\":1}}");
        assertThat(t.response().fallbackReason()).contains("providers failed", "SERVER_ERROR");
        assertThat(t.elapsedMs()).isEqualTo(225);
        assertThat(harness.chain.health().get(0).state()).isEqualTo(CircuitBreaker.State.OPEN);

        Timed open = call(request(2));
        assertThat(server.hits()).as("breaker open: no call").isEqualTo(3);
        assertThat(open.response().fallbackReason()).contains("no provider available");

        server.script(Reply.ok("{\"back\":true}", 1, 1));
        harness.clock.advance(Duration.ofSeconds(30));
        Timed probe = call(request(3));
        assertThat(probe.response().provider()).isEqualTo("primary");
        assertThat(server.hits()).isEqualTo(4);
        assertThat(harness.chain.health().get(0).state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void timeoutsAreRetriedThenAnsweredOffline() throws Exception {
        server.script(Reply.slow(1_500));
        LlmHarness.Options o = new LlmHarness.Options();
        o.maxAttempts = 2;
        harness = new LlmHarness(List.of(provider("primary", server, Duration.ofMillis(200))), o);
        long realStart = System.nanoTime();
        Timed t = call(request(1));
        long realMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - realStart);
        assertThat(server.hits()).isEqualTo(2);
        assertThat(t.response().provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(t.response().fallbackReason()).contains("TIMEOUT");
        assertThat(t.response().attempts()).isEqualTo(2);
        assertThat(harness.parker.waits()).containsExactly(Duration.ofMillis(75));
        assertThat(realMs).as("two 200 ms timeouts, not the server's 1.5 s").isBetween(350L, 1_400L);
    }

    @Test
    void malformedJsonIsNotRetried() throws Exception {
        server.script(Reply.raw("this is not json"), Reply.raw("{\"choices\":[]}"));
        harness(new LlmHarness.Options());
        Timed t = call(request(1));
        assertThat(server.hits()).isEqualTo(1);
        assertThat(t.response().provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(t.response().fallbackReason()).contains("MALFORMED");
        Timed t2 = call(request(2));
        assertThat(server.hits()).isEqualTo(2);
        assertThat(t2.response().fallbackReason()).contains("MALFORMED");
        assertThat(t.elapsedMs() + t2.elapsedMs()).isZero();
    }

    @Test
    void failsOverToTheNextProvider() throws Exception {
        try (FakeOpenAiServer second = new FakeOpenAiServer()) {
            server.script(Reply.status(500));
            second.script(Reply.ok("{\"from\":2}", 3, 3));
            harness = new LlmHarness(List.of(provider("primary", server, Duration.ofSeconds(2)),
                    provider("secondary", second, Duration.ofSeconds(2))), new LlmHarness.Options());
            Timed t = call(request(1));
            assertThat(t.response().provider()).isEqualTo("secondary");
            assertThat(server.hits()).isEqualTo(3);
            assertThat(second.hits()).isEqualTo(1);
            assertThat(t.response().attempts()).isEqualTo(4);
            assertThat(t.elapsedMs()).isEqualTo(225);
        }
    }

    @Test
    void dailyBudgetExhaustionGoesOfflineUntilTheNextUtcDay() throws Exception {
        server.script(Reply.ok("{}", 100, 0));
        LlmHarness.Options o = new LlmHarness.Options();
        o.dailyLimit = 0.0001; // exactly one call of 100 prompt tokens at 1.0 per million
        harness(o);
        assertThat(call(request(1)).response().provider()).isEqualTo("primary");
        assertThat(harness.tracker.exhausted()).isTrue();
        assertThat(harness.alerts).extracting(BudgetAlert::period, BudgetAlert::periodKey, BudgetAlert::fraction)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("day", "2026-11-25", 0.8),
                        org.assertj.core.groups.Tuple.tuple("day", "2026-11-25", 1.0));

        Timed spent = call(request(2));
        assertThat(spent.response().provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(spent.response().fallbackReason()).isEqualTo("budget exhausted");
        assertThat(server.hits()).isEqualTo(1);
        assertThat(harness.gateway.budgetFallbacks()).isEqualTo(1);

        harness.clock.set(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(call(request(3)).response().provider()).isEqualTo("primary");
        assertThat(server.hits()).isEqualTo(2);
    }

    @Test
    void monthlyBudgetIsKeyedByYearAndMonth() throws Exception {
        server.script(Reply.ok("{}", 100, 0));
        LlmHarness.Options o = new LlmHarness.Options();
        o.monthlyLimit = 0.0001;
        harness(o);
        call(request(1));
        harness.clock.set(Instant.parse("2026-11-30T23:59:59Z"));
        assertThat(call(request(2)).response().fallbackReason()).isEqualTo("budget exhausted");
        harness.clock.set(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(call(request(3)).response().provider()).isEqualTo("primary");
        assertThat(harness.alerts).extracting(BudgetAlert::periodKey).contains("2026-11", "2026-12");
        assertThat(server.hits()).isEqualTo(2);
    }

    @Test
    void requestsPerMinuteLimitDelaysTheThirdRequest() throws Exception {
        server.script(Reply.ok("{}", 1, 1));
        LlmHarness.Options o = new LlmHarness.Options();
        o.requestsPerMinute = 2;
        harness(o);
        assertThat(call(request(1)).elapsedMs()).isZero();
        assertThat(call(request(2)).elapsedMs()).isZero();
        Timed third = call(request(3));
        assertThat(third.elapsedMs()).isEqualTo(30_000);
        assertThat(third.response().provider()).isEqualTo("primary");
        assertThat(harness.dispatcher.stats().rateLimitWaits()).isEqualTo(1);
    }

    @Test
    void aThrottledRequestDoesNotHoldUpANewerOne() throws Exception {
        // The 429 arrives late (300 ms real), so the newer request is surely queued by then.
        server.script(new Reply(429, "{}", "5", 300), Reply.ok("{\"b\":1}", 1, 1), Reply.ok("{\"a\":1}", 1, 1));
        harness(new LlmHarness.Options());
        long t0 = harness.clock.millis();
        CompletableFuture<Long> a = harness.gateway.submit(request(1), Priority.MEDIUM)
                .thenApply(r -> harness.clock.millis() - t0);
        Thread.sleep(50);
        CompletableFuture<Long> b = harness.gateway.submit(request(2), Priority.MEDIUM)
                .thenApply(r -> harness.clock.millis() - t0);
        assertThat(b.get(10, TimeUnit.SECONDS)).as("newer request served while the old one backs off").isZero();
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(5_000);
        assertThat(server.hits()).isEqualTo(3);
    }
}
