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
 * TTL advice: the rules always; the LLM's refinement when a gateway is configured and answers
 * within the wait. LLM TTLs are clamped to the same bounds as the rules, and clusters the LLM
 * leaves out or garbles keep the rule's advice.
 */
public final class TtlAdvisor {

    public static final String PURPOSE = "ttl";
    private static final String SYSTEM = "You tune cache TTLs for a semantic cache. Clusters with frequent "
            + "writes go stale fast; clusters with high hit ratios benefit from longer TTLs. Answer with JSON only.";

    private final TtlRules rules;
    private final LlmAnswers llm;

    /** @param gateway null to use the rules only */
    public TtlAdvisor(TtlRules rules, LlmGateway gateway) {
        this.rules = rules;
        this.llm = gateway == null ? null : new LlmAnswers(gateway);
    }

    public List<TtlAdvice> advise(List<ClusterStats> clusters, Duration llmWait) {
        List<TtlAdvice> base = rules.advise(clusters);
        if (llm == null || clusters.isEmpty()) {
            return base;
        }
        Optional<JsonNode> answer = llm.ask(request(clusters), Priority.MEDIUM, llmWait);
        if (answer.isEmpty()) {
            return base;
        }
        Map<Integer, JsonNode> byCluster = new HashMap<>();
        for (JsonNode c : answer.get().path("clusters")) {
            if (c.path("cluster").canConvertToInt() && c.path("ttlSeconds").isNumber()
                    && c.path("ttlSeconds").asDouble() > 0) {
                byCluster.put(c.path("cluster").asInt(), c);
            }
        }
        return base.stream().map(a -> {
            JsonNode c = byCluster.get(a.clusterId());
            if (c == null) {
                return a;
            }
            String why = c.path("reason").asText("").strip();
            why = why.length() > 200 ? why.substring(0, 200) : why;
            return new TtlAdvice(a.clusterId(), rules.settings().clamp(c.path("ttlSeconds").asDouble()),
                    "llm: " + (why.isEmpty() ? a.reason() : why), AdviceSource.LLM);
        }).toList();
    }

    LlmRequest request(List<ClusterStats> clusters) {
        String input = rules.inputJson(clusters);
        String prompt = "Suggest a TTL in seconds for each cluster, within [minTtlSeconds, maxTtlSeconds]. "
                + "writeHeat is writes per minute; ruleTtlSeconds is a heuristic you may adjust. Reply as "
                + "{\"clusters\":[{\"cluster\":<id>,\"ttlSeconds\":<n>,\"reason\":\"<short>\"}]}.\nInput: " + input;
        return new LlmRequest(PURPOSE, SYSTEM, prompt, input, 400, 0.0);
    }

    public long malformedAnswers() {
        return llm == null ? 0 : llm.malformed();
    }
}
