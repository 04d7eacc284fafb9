package io.pyrope.sidecar.llm;

import java.util.Map;
import java.util.function.Function;

/**
 * Always answers, deterministically, from per-purpose rules over the request's structured input.
 * It is the last link of every failover chain and the target when budgets are spent, so it never
 * throws for a known purpose; an unknown purpose gets an empty JSON object.
 */
public final class OfflineProvider implements LlmProvider {

    public static final String NAME = "offline";

    private final Map<String, Function<String, String>> rules;

    /** @param rules purpose → (input JSON → answer JSON in the same shape an LLM is asked for) */
    public OfflineProvider(Map<String, Function<String, String>> rules) {
        this.rules = Map.copyOf(rules);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return "rules";
    }

    @Override
    public LlmResponse complete(LlmRequest request) {
        Function<String, String> rule = rules.get(request.purpose());
        String text = rule == null ? "{}" : rule.apply(request.input());
        return LlmResponse.of(text, Usage.NONE, NAME, model());
    }
}
