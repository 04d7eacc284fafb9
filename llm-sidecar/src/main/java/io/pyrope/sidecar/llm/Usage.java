package io.pyrope.sidecar.llm;

/** Token usage of one call; {@code estimated} when the provider did not report it. */
public record Usage(int promptTokens, int completionTokens, boolean estimated) {

    public static final Usage NONE = new Usage(0, 0, false);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("negative token count");
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
