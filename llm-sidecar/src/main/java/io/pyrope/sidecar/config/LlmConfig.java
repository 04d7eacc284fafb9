package io.pyrope.sidecar.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LLM layer configuration. {@code mode}: "offline" (rules only), "live" (providers, then rules)
 * or "replay" (answers from {@code replayLog}, then rules). API keys are never here: each
 * provider names the environment variable that holds its key.
 *
 * @param adviceWaitMillis how long an advice call waits for the LLM before answering from rules
 * @param replayLog        JSONL file recorded in live mode and served in replay mode; empty = none
 */
public record LlmConfig(String mode, long adviceWaitMillis, List<ProviderConfig> providers, QueueConfig queue,
                        RateLimitConfig rateLimit, RetryConfig retry, CircuitConfig circuit, CacheConfig cache,
                        BudgetConfig budget, Map<String, PriceConfig> prices, PriceConfig defaultPrice,
                        String replayLog) {

    public LlmConfig {
        if (!List.of("offline", "live", "replay").contains(mode)) {
            throw new IllegalArgumentException("llm.mode must be offline, live or replay: " + mode);
        }
        if (adviceWaitMillis < 0) {
            throw new IllegalArgumentException("llm.adviceWaitMillis must be >= 0");
        }
        providers = providers == null ? List.of() : List.copyOf(providers);
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        replayLog = replayLog == null ? "" : replayLog;
        Objects.requireNonNull(queue, "llm.queue");
        Objects.requireNonNull(rateLimit, "llm.rateLimit");
        Objects.requireNonNull(retry, "llm.retry");
        Objects.requireNonNull(circuit, "llm.circuit");
        Objects.requireNonNull(cache, "llm.cache");
        Objects.requireNonNull(budget, "llm.budget");
        Objects.requireNonNull(defaultPrice, "llm.defaultPrice");
        if (mode.equals("live") && providers.isEmpty()) {
            throw new IllegalArgumentException("llm.mode=live needs at least one provider");
        }
        if (mode.equals("replay") && replayLog.isEmpty()) {
            throw new IllegalArgumentException("llm.mode=replay needs llm.replayLog");
        }
    }

    /** One OpenAI-compatible endpoint. {@code apiKeyEnv} empty = no key (local servers). */
    public record ProviderConfig(String name, String baseUrl, String model, String apiKeyEnv,
                                 long connectTimeoutMillis, long requestTimeoutMillis) {
        public ProviderConfig {
            if (name == null || name.isBlank() || baseUrl == null || baseUrl.isBlank() || model == null
                    || model.isBlank()) {
                throw new IllegalArgumentException("provider needs name, baseUrl and model");
            }
            apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        }
    }

    public record QueueConfig(int highLimit, int mediumLimit, int lowLimit, long highTimeoutMillis,
                              long mediumTimeoutMillis, long lowTimeoutMillis, int workers) {
        public QueueConfig {
            positive("llm.queue", highLimit, mediumLimit, lowLimit, highTimeoutMillis, mediumTimeoutMillis,
                    lowTimeoutMillis, workers);
        }
    }

    public record RateLimitConfig(long requestsPerMinute, long tokensPerMinute) {
        public RateLimitConfig {
            positive("llm.rateLimit", requestsPerMinute, tokensPerMinute);
        }
    }

    public record RetryConfig(int maxAttempts, long baseBackoffMillis, long maxBackoffMillis,
                              long maxRetryAfterMillis) {
        public RetryConfig {
            positive("llm.retry", maxAttempts, baseBackoffMillis, maxBackoffMillis, maxRetryAfterMillis);
            if (maxBackoffMillis < baseBackoffMillis) {
                throw new IllegalArgumentException("llm.retry.maxBackoffMillis < baseBackoffMillis");
            }
        }
    }

    public record CircuitConfig(int failureThreshold, long openMillis) {
        public CircuitConfig {
            positive("llm.circuit", failureThreshold, openMillis);
        }
    }

    public record CacheConfig(long ttlSeconds, long maxEntries) {
        public CacheConfig {
            positive("llm.cache", ttlSeconds, maxEntries);
        }
    }

    /** Limits in cost units (the price table's unit); 0 = unlimited. */
    public record BudgetConfig(double dailyLimit, double monthlyLimit, List<Double> alertFractions) {
        public BudgetConfig {
            alertFractions = alertFractions == null ? List.of() : List.copyOf(alertFractions);
        }
    }

    public record PriceConfig(double inputPerMillion, double outputPerMillion) {
        public PriceConfig {
            if (inputPerMillion < 0 || outputPerMillion < 0) {
                throw new IllegalArgumentException("prices must be >= 0");
            }
        }
    }

    private static void positive(String section, long... values) {
        for (long v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(section + ": values must be > 0, got " + v);
            }
        }
    }
}
