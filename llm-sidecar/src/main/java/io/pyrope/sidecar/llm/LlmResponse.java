package io.pyrope.sidecar.llm;

import java.util.Objects;

/**
 * A completion. {@code provider} names who answered ("offline" for the rules); {@code attempts}
 * counts remote calls made for it; {@code fallbackReason} is non-empty when the answer is a
 * degraded one (budget, timeout, outage) rather than the first choice.
 */
public record LlmResponse(String text, Usage usage, String provider, String model, int attempts,
                          boolean cached, String fallbackReason) {

    public LlmResponse {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(provider, "provider");
        model = model == null ? "" : model;
        fallbackReason = fallbackReason == null ? "" : fallbackReason;
    }

    public static LlmResponse of(String text, Usage usage, String provider, String model) {
        return new LlmResponse(text, usage, provider, model, 0, false, "");
    }

    public LlmResponse withAttempts(int n) {
        return new LlmResponse(text, usage, provider, model, n, cached, fallbackReason);
    }

    public LlmResponse asCached() {
        return new LlmResponse(text, usage, provider, model, 0, true, fallbackReason);
    }

    public LlmResponse withFallbackReason(String reason) {
        return new LlmResponse(text, usage, provider, model, attempts, cached, reason);
    }

    public boolean isFallback() {
        return !fallbackReason.isEmpty();
    }
}
