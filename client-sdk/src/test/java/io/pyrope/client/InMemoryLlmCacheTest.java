package io.pyrope.client;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.LlmCacheEntry;
import io.pyrope.domain.MetadataFilter;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake's LLM-response cache behaves as the server's does for users' tests. */
class InMemoryLlmCacheTest {
    private static final float[] PROMPT = {1, 0, 0, 0};
    private static final float[] PARAPHRASE = {0.98f, 0.1f, 0.05f, 0};

    @Test
    void hitsWithinTheThresholdPerTenantAndUntilTheTtl() {
        MutableClock clock = new MutableClock();
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

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
