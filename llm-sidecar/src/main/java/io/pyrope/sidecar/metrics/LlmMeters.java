package io.pyrope.sidecar.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.sidecar.llm.CircuitBreaker;
import io.pyrope.sidecar.llm.DispatcherStats;
import io.pyrope.sidecar.llm.FailoverChain;
import io.pyrope.sidecar.llm.LlmDispatcher;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.TokenStats;

import java.util.function.ToDoubleFunction;

/**
 * The LLM layer's own counters, read at scrape time (nothing is counted twice): dispatcher
 * outcomes, retries, rate-limit waits and queue depth; calls, failures and circuit state per
 * provider; tokens and spend against the budget; response-cache hits and size.
 */
final class LlmMeters {
    private LlmMeters() {
    }

    static void bind(LlmGateway gateway, MeterRegistry registry) {
        LlmDispatcher d = gateway.dispatcher();
        if (d != null) {
            dispatcher(d, registry);
        }
        tokens(gateway, registry);
        FunctionCounter.builder("pyrope.llm.budget.fallbacks", gateway, LlmGateway::budgetFallbacks)
                .description("Requests answered offline because the token budget was spent").register(registry);
        FunctionCounter.builder("pyrope.llm.cache.requests", gateway, g -> g.cache().stats().hitCount())
                .tag("result", "hit").description("Response-cache lookups").register(registry);
        FunctionCounter.builder("pyrope.llm.cache.requests", gateway, g -> g.cache().stats().missCount())
                .tag("result", "miss").description("Response-cache lookups").register(registry);
        Gauge.builder("pyrope.llm.cache.size", gateway, g -> g.cache().size())
                .description("Cached LLM answers").register(registry);
    }

    private static void dispatcher(LlmDispatcher d, MeterRegistry registry) {
        outcome(d, registry, "submitted", DispatcherStats::submitted);
        outcome(d, registry, "folded", DispatcherStats::folded);
        outcome(d, registry, "rejected", DispatcherStats::rejected);
        outcome(d, registry, "timed_out", DispatcherStats::timedOut);
        outcome(d, registry, "remote_success", DispatcherStats::remoteSuccesses);
        outcome(d, registry, "offline_fallback", DispatcherStats::offlineFallbacks);
        FunctionCounter.builder("pyrope.llm.retries", d, x -> x.stats().retries())
                .description("LLM attempts retried after a failure").register(registry);
        FunctionCounter.builder("pyrope.llm.rate.limit.waits", d, x -> x.stats().rateLimitWaits())
                .description("Times a request waited for the rate limiter").register(registry);
        Gauge.builder("pyrope.llm.queue.depth", d, x -> x.stats().queued())
                .description("LLM requests waiting in the dispatcher's queue").register(registry);
        for (FailoverChain.ProviderHealth p : d.health()) {
            String name = p.name();
            FunctionCounter.builder("pyrope.llm.provider.calls", d, x -> provider(x, name, true))
                    .tags("provider", name, "result", "success").description("Calls to an LLM provider").register(registry);
            FunctionCounter.builder("pyrope.llm.provider.calls", d, x -> provider(x, name, false))
                    .tags("provider", name, "result", "failure").description("Calls to an LLM provider").register(registry);
            Gauge.builder("pyrope.llm.provider.circuit.open", d, x -> open(x, name)).tag("provider", name)
                    .description("1 while the provider's circuit breaker is open").register(registry);
        }
    }

    private static void outcome(LlmDispatcher d, MeterRegistry registry, String outcome, ToDoubleFunction<DispatcherStats> f) {
        FunctionCounter.builder("pyrope.llm.requests", d, x -> f.applyAsDouble(x.stats())).tag("outcome", outcome)
                .description("LLM requests through the dispatcher, by outcome").register(registry);
    }

    private static void tokens(LlmGateway gateway, MeterRegistry registry) {
        FunctionCounter.builder("pyrope.llm.tokens", gateway, g -> g.tracker().stats().promptTokens())
                .tag("type", "prompt").baseUnit("tokens").description("LLM tokens used").register(registry);
        FunctionCounter.builder("pyrope.llm.tokens", gateway, g -> g.tracker().stats().completionTokens())
                .tag("type", "completion").baseUnit("tokens").description("LLM tokens used").register(registry);
        spend(gateway, registry, "day", TokenStats::daySpent, TokenStats::dayLimit);
        spend(gateway, registry, "month", TokenStats::monthSpent, TokenStats::monthLimit);
    }

    private static void spend(LlmGateway gateway, MeterRegistry registry, String period,
                              ToDoubleFunction<TokenStats> spent, ToDoubleFunction<TokenStats> limit) {
        Gauge.builder("pyrope.llm.budget.spent", gateway, g -> spent.applyAsDouble(g.tracker().stats()))
                .tag("period", period).description("LLM spend this UTC day/month, in the price table's unit")
                .register(registry);
        Gauge.builder("pyrope.llm.budget.limit", gateway, g -> limit.applyAsDouble(g.tracker().stats()))
                .tag("period", period).description("LLM budget of the UTC day/month (0 = unlimited)")
                .register(registry);
    }

    private static double provider(LlmDispatcher d, String name, boolean success) {
        for (FailoverChain.ProviderHealth p : d.health()) {
            if (p.name().equals(name)) {
                return success ? p.successes() : p.failures();
            }
        }
        return 0;
    }

    private static double open(LlmDispatcher d, String name) {
        for (FailoverChain.ProviderHealth p : d.health()) {
            if (p.name().equals(name)) {
                return p.state() == CircuitBreaker.State.OPEN ? 1 : 0;
            }
        }
        return 0;
    }
}
