package io.pyrope.sidecar.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Caches first-choice LLM answers by request key for a TTL. Fallback answers are not cached, so
 * the LLM gets another chance once it recovers. Time comes from the injected clock.
 */
public final class ResponseCache {

    private final Cache<String, LlmResponse> cache;

    public ResponseCache(Duration ttl, long maxEntries, Clock clock) {
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(() -> clock.millis() * 1_000_000L)
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    public Optional<LlmResponse> get(LlmRequest request) {
        return Optional.ofNullable(cache.getIfPresent(request.key())).map(LlmResponse::asCached);
    }

    public void put(LlmRequest request, LlmResponse response) {
        if (!response.isFallback()) {
            cache.put(request.key(), response);
        }
    }

    public CacheStats stats() {
        return cache.stats();
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
