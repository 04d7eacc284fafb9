package io.pyrope.sidecar.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.pyrope.sidecar.testing.LlmHarness;
import io.pyrope.sidecar.testing.ScriptedProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmDispatcherTest {

    private final ScriptedProvider provider = new ScriptedProvider("scripted");
    private LlmHarness harness;

    @AfterEach
    void close() {
        provider.open();
        if (harness != null) {
            harness.close();
        }
    }

    private static LlmRequest request(String prompt) {
        return new LlmRequest("echo", "s", prompt, "{}", 10, 0.0);
    }

    private LlmHarness harness(DispatcherSettings settings) {
        LlmHarness.Options o = new LlmHarness.Options();
        o.dispatcher = settings;
        harness = new LlmHarness(List.of(provider), o);
        return harness;
    }

    @Test
    void identicalInFlightRequestsAreFolded() throws Exception {
        harness(DispatcherSettings.of(8, 8, 8, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 1));
        provider.hold();
        List<CompletableFuture<LlmResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            futures.add(harness.gateway.submit(request("same"), Priority.LOW));
        }
        provider.open();
        for (CompletableFuture<LlmResponse> f : futures) {
            assertThat(f.get(5, TimeUnit.SECONDS).text()).isEqualTo("echo:same");
        }
        assertThat(provider.calls()).containsExactly("same");
        assertThat(harness.dispatcher.stats().folded()).isEqualTo(4);
        assertThat(harness.tracker.stats().promptTokens()).as("usage counted once").isEqualTo(1);
    }

    @Test
    void higherPriorityIsServedFirst() throws Exception {
        harness(DispatcherSettings.of(8, 8, 8, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 1));
        provider.hold();
        CompletableFuture<LlmResponse> blocker = harness.gateway.submit(request("blocker"), Priority.LOW);
        assertThat(provider.awaitFirstCall()).isTrue();
        CompletableFuture<LlmResponse> low = harness.gateway.submit(request("low"), Priority.LOW);
        CompletableFuture<LlmResponse> medium = harness.gateway.submit(request("medium"), Priority.MEDIUM);
        CompletableFuture<LlmResponse> high = harness.gateway.submit(request("high"), Priority.HIGH);
        provider.open();
        CompletableFuture.allOf(blocker, low, medium, high).get(5, TimeUnit.SECONDS);
        assertThat(provider.calls()).containsExactly("blocker", "high", "medium", "low");
    }

    @Test
    void aFullLaneAnswersOfflineAtOnce() throws Exception {
        harness(DispatcherSettings.of(8, 8, 1, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 1));
        provider.hold();
        CompletableFuture<LlmResponse> running = harness.gateway.submit(request("running"), Priority.LOW);
        assertThat(provider.awaitFirstCall()).isTrue();
        CompletableFuture<LlmResponse> queued = harness.gateway.submit(request("queued"), Priority.LOW);
        LlmResponse refused = harness.gateway.submit(request("refused"), Priority.LOW).get(1, TimeUnit.SECONDS);
        assertThat(refused.provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(refused.fallbackReason()).contains("queue full (LOW)");
        assertThat(harness.gateway.submit(request("other lane"), Priority.HIGH).isDone()).isFalse();
        provider.open();
        assertThat(queued.get(5, TimeUnit.SECONDS).provider()).isEqualTo("scripted");
        assertThat(running.get(5, TimeUnit.SECONDS).provider()).isEqualTo("scripted");
        assertThat(harness.dispatcher.stats().rejected()).isEqualTo(1);
    }

    @Test
    void aRequestPastItsPriorityTimeoutIsAnsweredOffline() throws Exception {
        harness(DispatcherSettings.of(8, 8, 8, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), 1));
        provider.hold();
        CompletableFuture<LlmResponse> running = harness.gateway.submit(request("running"), Priority.LOW);
        assertThat(provider.awaitFirstCall()).isTrue();
        CompletableFuture<LlmResponse> high = harness.gateway.submit(request("high"), Priority.HIGH);
        harness.clock.advance(Duration.ofSeconds(2)); // past HIGH's 1 s while the worker is busy
        provider.open();
        LlmResponse timedOut = high.get(5, TimeUnit.SECONDS);
        assertThat(timedOut.provider()).isEqualTo(OfflineProvider.NAME);
        assertThat(timedOut.fallbackReason()).contains("timeout in queue");
        assertThat(running.get(5, TimeUnit.SECONDS).provider()).isEqualTo("scripted");
        assertThat(provider.calls()).containsExactly("running");
        assertThat(harness.dispatcher.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void closeAnswersEveryWaiterAndStopsItsThreads() throws Exception {
        harness(DispatcherSettings.of(8, 8, 8, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1), 2));
        provider.hold();
        List<CompletableFuture<LlmResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            futures.add(harness.gateway.submit(request("r" + i), Priority.MEDIUM));
        }
        assertThat(provider.awaitFirstCall()).isTrue();
        long start = System.nanoTime();
        harness.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_500);
        for (CompletableFuture<LlmResponse> f : futures) {
            assertThat(f).isDone();
            assertThat(f.get().text()).isNotEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("llm-dispatcher"));
        assertThat(harness.gateway.submit(request("late"), Priority.HIGH).get().fallbackReason()).isEqualTo("shutdown");
    }
}
