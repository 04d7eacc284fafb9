package io.pyrope.client;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import io.pyrope.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake's LLM-response cache behaves as the server's does for users' tests. */
class InMemoryLlmCacheTest {
    private static final float[] PROMPT = {1, 0, 0, 0};
    private static final float[] PARAPHRASE = {0.98f, 0.1f, 0.05f, 0};

    @Test
    void hitsWithinTheThresholdPerTenantAndUntilTheTtl() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        InMemoryPyropeClient client = new InMemoryPyropeClient(clock);
        client.cachePut("chat", new LlmCacheEntry(PROMPT, "answer".getBytes(), Map.of("m", "1"), Duration.ofSeconds(60)));
        assertThat(client.cacheLookup("chat", PARAPHRASE, 0, MetadataFilter.NONE)).hasValueSatisfying(h -> {
            assertThat(new String(h.response())).isEqualTo("answer");
            assertThat(h.similarity()).isBetween(0.95f, 1f);
        });
        assertThat(client.cacheLookup("chat", PARAPHRASE, 0.9999f, MetadataFilter.NONE)).isEmpty();
        assertThat(client.cacheLookup("chat", PROMPT, 0, new MetadataFilter(Map.of("m", "2")))).isEmpty();
        String bobKey = client.createTenant(new TenantId("bob"), "Bob").secret();
        assertThat(client.withApiKey(bobKey).cacheLookup("chat", PROMPT, 0, MetadataFilter.NONE)).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(client.cacheLookup("chat", PROMPT, 0, MetadataFilter.NONE)).isEmpty();
        assertThat(client.cacheStats("chat").hits()).isEqualTo(1);
        assertThat(client.cacheStats("chat").misses()).isEqualTo(3);
        assertThatThrownBy(() -> client.cacheInvalidate("chat", MetadataFilter.NONE, false))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(client.cacheInvalidate("chat", MetadataFilter.NONE, true)).isEqualTo(1);
    }

    @Test
    void aliasesAreStoredPerTenantWithTheServersRules() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        InMemoryPyropeClient client = new InMemoryPyropeClient(clock);
        client.createIndex(io.pyrope.domain.IndexSpec.of("docs", 4, io.pyrope.domain.Metric.COSINE));
        assertThat(client.setAlias("docs", "how to reset pw", "reset password", 0.9f, Duration.ofMinutes(1))).isTrue();
        assertThat(client.setAlias("docs", "low", "reset password", 0.5f, Duration.ofMinutes(1))).isTrue();
        assertThat(client.getAlias("docs", "how to reset pw")).hasValueSatisfying(a -> {
            assertThat(a.canonicalKey()).isEqualTo("reset password");
            assertThat(a.active()).isTrue();
        });
        assertThat(client.getAlias("docs", "low").orElseThrow().active()).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(client.getAlias("docs", "how to reset pw").orElseThrow().active()).isFalse();
        assertThatThrownBy(() -> client.setAlias("docs", "x", "x", 1f, Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(PyropeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThat(client.deleteAlias("docs", "low")).isTrue();
        assertThat(client.getAlias("docs", "low")).isEmpty();
    }
}
