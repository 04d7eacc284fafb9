package io.pyrope.sidecar.llm;

/** Token and cost totals: today's and this month's (UTC) spend against their limits. */
public record TokenStats(long promptTokens, long completionTokens, long estimatedCalls, double daySpent,
                         double dayLimit, double monthSpent, double monthLimit, boolean exhausted) {
}
