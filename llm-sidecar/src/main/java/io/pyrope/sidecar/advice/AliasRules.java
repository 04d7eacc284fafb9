package io.pyrope.sidecar.advice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deterministic query canonicalisation: Unicode NFKC, lower case, punctuation removed, whitespace
 * collapsed, articles and politeness words dropped. Confidence falls with each kind of change,
 * since dropping words is a bigger claim than folding case. Conservative on purpose: a wrong
 * alias serves a wrong cached answer, a missed one only costs a search.
 */
public final class AliasRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FILLER = Set.of("a", "an", "the", "please", "pls", "kindly");

    public AliasSuggestion suggest(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).strip()
                .replaceAll("\\s+", " ");
        String noPunct = folded.replaceAll("[\\p{P}\\p{S}&&[^'+#]]", " ").strip().replaceAll("\\s+", " ");
        String canonical = Arrays.stream(noPunct.split(" "))
                .filter(w -> !FILLER.contains(w))
                .collect(Collectors.joining(" "));
        if (canonical.isEmpty()) {
            canonical = noPunct.isEmpty() ? folded : noPunct;
        }
        double confidence = text.equals(canonical) ? 1.0
                : folded.equals(canonical) ? 0.97
                : noPunct.equals(canonical) ? 0.92 : 0.85;
        return new AliasSuggestion(text, canonical, confidence, AdviceSource.RULES);
    }

    public List<AliasSuggestion> suggest(List<String> texts) {
        return texts.stream().map(this::suggest).toList();
    }

    public static String inputJson(List<String> texts) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("texts");
        texts.forEach(arr::add);
        return root.toString();
    }

    /** Offline answer to an alias request, in the LLM's answer format. */
    public String answerJson(String inputJson) {
        try {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode arr = root.putArray("aliases");
            for (JsonNode t : JSON.readTree(inputJson).path("texts")) {
                AliasSuggestion s = suggest(t.asText());
                arr.addObject().put("text", s.text()).put("canonical", s.canonical()).put("confidence", s.confidence());
            }
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
