package io.pyrope.sidecar.llm;

/** Rough token count (~4 characters per token) used only when a provider reports no usage. */
public final class TokenEstimator {

    private TokenEstimator() {
    }

    public static int estimate(String text) {
        return text == null || text.isEmpty() ? 0 : (text.length() + 3) / 4;
    }

    /** Prompt tokens of a request: system + prompt, plus a small per-message overhead. */
    public static int promptTokens(LlmRequest request) {
        return estimate(request.system()) + estimate(request.prompt()) + 8;
    }
}
