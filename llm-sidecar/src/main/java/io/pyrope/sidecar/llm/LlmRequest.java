package io.pyrope.sidecar.llm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One chat completion request. {@code purpose} names the task (e.g. "alias", "ttl") so the offline
 * provider knows which rule answers it; {@code input} is the task's structured input (JSON) that
 * the prompt embeds, so offline rules never have to parse prose. Holds no credentials.
 */
public record LlmRequest(String purpose, String system, String prompt, String input, int maxTokens,
                         double temperature) {

    public LlmRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(input, "input");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be > 0");
        }
    }

    /** Stable identity used for the response cache, duplicate folding and the replay log. */
    public String key() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {purpose, system, prompt, input,
                    Integer.toString(maxTokens), Double.toString(temperature)}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
