package io.pyrope.sidecar;

import io.pyrope.sidecar.config.LlmConfig;
import io.pyrope.sidecar.llm.DispatcherSettings;
import io.pyrope.sidecar.llm.FailoverChain;
import io.pyrope.sidecar.llm.LlmDispatcher;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.LlmProvider;
import io.pyrope.sidecar.llm.ModelPrice;
import io.pyrope.sidecar.llm.OfflineProvider;
import io.pyrope.sidecar.llm.OpenAiCompatibleProvider;
import io.pyrope.sidecar.llm.RateLimiter;
import io.pyrope.sidecar.llm.ReplayLog;
import io.pyrope.sidecar.llm.ReplayProvider;
import io.pyrope.sidecar.llm.ResponseCache;
import io.pyrope.sidecar.llm.RetryPolicy;
import io.pyrope.sidecar.llm.TokenTracker;
import io.pyrope.sidecar.time.Parker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/** Wires the LLM layer from its config. Returns null in offline mode: advisors then use rules only. */
final class LlmLayerFactory {

    private LlmLayerFactory() {
    }

    static LlmGateway create(LlmConfig config, OfflineProvider offline, Clock clock, Parker parker,
                             Map<String, String> env) {
        if (config.mode().equals("offline")) {
            return null;
        }
        List<LlmProvider> providers = config.mode().equals("replay")
                ? List.of(new ReplayProvider(Path.of(config.replayLog())))
                : config.providers().stream().<LlmProvider>map(p -> new OpenAiCompatibleProvider(p.name(), p.baseUrl(),
                        p.model(), p.apiKeyEnv().isEmpty() ? "" : env.getOrDefault(p.apiKeyEnv(), ""),
                        Duration.ofMillis(p.connectTimeoutMillis()), Duration.ofMillis(p.requestTimeoutMillis())))
                .toList();
        Map<String, ModelPrice> prices = new HashMap<>();
        config.prices().forEach((model, p) -> prices.put(model, new ModelPrice(p.inputPerMillion(), p.outputPerMillion())));
        TokenTracker tracker = new TokenTracker(prices,
                new ModelPrice(config.defaultPrice().inputPerMillion(), config.defaultPrice().outputPerMillion()),
                config.budget().dailyLimit(), config.budget().monthlyLimit(), config.budget().alertFractions(),
                clock, TokenTracker.loggingAlerts());
        ResponseCache cache = new ResponseCache(Duration.ofSeconds(config.cache().ttlSeconds()),
                config.cache().maxEntries(), clock);
        ReplayLog replayLog = config.mode().equals("live") && !config.replayLog().isEmpty()
                ? new ReplayLog(Path.of(config.replayLog()), clock) : null;
        LlmGateway gateway = new LlmGateway(cache, tracker, offline, replayLog);
        FailoverChain chain = new FailoverChain(providers, offline, config.circuit().failureThreshold(),
                Duration.ofMillis(config.circuit().openMillis()), clock);
        var r = config.retry();
        Random random = new Random();
        RetryPolicy retry = new RetryPolicy(r.maxAttempts(), Duration.ofMillis(r.baseBackoffMillis()),
                Duration.ofMillis(r.maxBackoffMillis()), Duration.ofMillis(r.maxRetryAfterMillis()), random::nextDouble);
        var q = config.queue();
        DispatcherSettings settings = DispatcherSettings.of(q.highLimit(), q.mediumLimit(), q.lowLimit(),
                Duration.ofMillis(q.highTimeoutMillis()), Duration.ofMillis(q.mediumTimeoutMillis()),
                Duration.ofMillis(q.lowTimeoutMillis()), q.workers());
        RateLimiter limiter = new RateLimiter(config.rateLimit().requestsPerMinute(),
                config.rateLimit().tokensPerMinute(), clock);
        return gateway.attach(new LlmDispatcher(chain, limiter, retry, settings, clock, parker, gateway::onCompleted)
                .ownChain(chain));
    }

    static OfflineProvider offline(Map<String, Function<String, String>> rules) {
        return new OfflineProvider(rules);
    }
}
