package io.pyrope.sidecar.advice;

import com.fasterxml.jackson.databind.JsonNode;
import io.pyrope.sidecar.llm.LlmGateway;
import io.pyrope.sidecar.llm.LlmRequest;
import io.pyrope.sidecar.llm.Priority;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alias advice: canonical forms from the rules always; from the LLM when it answers in time with
 * a well-formed entry (non-empty canonical of sane length, confidence in [0, 1]).
 */
public final class AliasAdvisor {

    public static final String PURPOSE = "alias";
    private static final int MAX_CANONICAL = 2_000;
    private static final String SYSTEM = "You normalise search queries for a semantic cache: queries that ask "
            + "for the same thing must get the same canonical text. Answer with JSON only.";

    private final AliasRules rules;
    private final LlmAnswers llm;

    /** @param gateway null to use the rules only */
    public AliasAdvisor(AliasRules rules, LlmGateway gateway) {
        this.rules = rules;
        this.llm = gateway == null ? null : new LlmAnswers(gateway);
    }

    public List<AliasSuggestion> suggest(List<String> texts, Duration llmWait) {
        List<AliasSuggestion> base = rules.suggest(texts);
        if (llm == null || texts.isEmpty()) {
            return base;
        }
        Optional<JsonNode> answer = llm.ask(request(texts), Priority.LOW, llmWait);
        if (answer.isEmpty()) {
            return base;
        }
        Map<String, AliasSuggestion> byText = new HashMap<>();
        for (JsonNode a : answer.get().path("aliases")) {
            String canonical = a.path("canonical").asText("").strip();
            double confidence = a.path("confidence").asDouble(-1);
            if (a.path("text").isTextual() && !canonical.isEmpty() && canonical.length() <= MAX_CANONICAL
                    && confidence >= 0 && confidence <= 1) {
                byText.put(a.path("text").asText(), new AliasSuggestion(a.path("text").asText(), canonical,
                        confidence, AdviceSource.LLM));
            }
        }
        return base.stream().map(s -> byText.getOrDefault(s.text(), s)).toList();
    }

    LlmRequest request(List<String> texts) {
        String input = AliasRules.inputJson(texts);
        String prompt = "For each text give a short canonical query text and your confidence (0..1) that "
                + "the canonical text asks for the same thing. Reply as {\"aliases\":[{\"text\":\"<original>\","
                + "\"canonical\":\"<text>\",\"confidence\":<0..1>}]}.\nInput: " + input;
        return new LlmRequest(PURPOSE, SYSTEM, prompt, input, 600, 0.0);
    }

    public long malformedAnswers() {
        return llm == null ? 0 : llm.malformed();
    }
}
