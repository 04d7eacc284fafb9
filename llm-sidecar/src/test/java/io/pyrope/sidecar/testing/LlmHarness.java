package io.pyrope.sidecar.testing;

import io.pyrope.sidecar.llm.BudgetAlert;
import io.pyrope.sidecar.llm.DispatcherSettings;
import io.pyrope.sidecar.llm.FailoverChain;
import io.pyrope.sidecar.llm.LlmDispatcher;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.LlmProvider;
import io.pyrope.sidecar.llm.ModelPrice;
import io.pyrope.sidecar.llm.OfflineProvider;
import io.pyrope.sidecar.llm.RateLimiter;
import io.pyrope.sidecar.llm.ReplayLog;
import io.pyrope.sidecar.llm.ResponseCache;
import io.pyrope.sidecar.llm.RetryPolicy;
import io.pyrope.sidecar.llm.TokenTracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wires a gateway around given providers on virtual time, with knobs tests commonly turn. */
public final class LlmHarness implements AutoCloseable {

    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    public final VirtualParker parker = new VirtualParker(clock);
    public final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();
    public final OfflineProvider offline = new OfflineProvider(Map.of("echo", in -> "{\"offline\":" + in + "}"));
    public final FailoverChain chain;
    public final TokenTracker tracker;
    public final LlmGateway gateway;
    public final LlmDispatcher dispatcher;

    public static final class Options {
        public int maxAttempts = 3;
        public Duration baseBackoff = Duration.ofMillis(100);
        public Duration maxBackoff = Duration.ofSeconds(2);
        public Duration maxRetryAfter = Duration.ofSeconds(10);
        public int failureThreshold = 5;
        public Duration openFor = Duration.ofSeconds(30);
        public long requestsPerMinute = 1_000;
        public long tokensPerMinute = 1_000_000;
        public double dailyLimit = 0;
        public double monthlyLimit = 0;
        public ModelPrice price = new ModelPrice(1.0, 2.0);
        public DispatcherSettings dispatcher = DispatcherSettings.of(8, 8, 8, Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 1);
        public ReplayLog replayLog;
    }

    public LlmHarness(List<? extends LlmProvider> providers, Options o) {
        chain = new FailoverChain(providers, offline, o.failureThreshold, o.openFor, clock);
        tracker = new TokenTracker(Map.of("test-model", o.price), new ModelPrice(100, 100), o.dailyLimit,
                o.monthlyLimit, List.of(0.8, 1.0), clock, alerts::add);
        gateway = new LlmGateway(new ResponseCache(Duration.ofMinutes(10), 1_000, clock), tracker, offline, o.replayLog);
        // Jitter fixed at 0.5: back-off after attempt n is 0.75 × base × 2^(n-1).
        RetryPolicy retry = new RetryPolicy(o.maxAttempts, o.baseBackoff, o.maxBackoff, o.maxRetryAfter, () -> 0.5);
        dispatcher = new LlmDispatcher(chain, new RateLimiter(o.requestsPerMinute, o.tokensPerMinute, clock), retry,
                o.dispatcher, clock, parker, gateway::onCompleted).ownChain(chain);
        gateway.attach(dispatcher);
    }

    @Override
    public void close() {
        gateway.close();
    }
}
