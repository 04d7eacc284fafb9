package io.pyrope.sidecar.advice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic TTL rule: {@code ttl = max / (1 + heat / heatReference) × (0.5 + hitRatio)},
 * clamped to [min, max]. Smooth and monotone — hotter is shorter, better hit ratio is longer — so
 * a small change in heat never flips the TTL. Also speaks the JSON shape the LLM is asked for, so
 * the offline provider can answer TTL requests with it.
 */
public final class TtlRules {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TtlSettings settings;

    public TtlRules(TtlSettings settings) {
        this.settings = settings;
    }

    public TtlSettings settings() {
        return settings;
    }

    public TtlAdvice advise(ClusterStats stats) {
        double heatTerm = 1.0 / (1.0 + stats.writeHeat() / settings.heatReference());
        double seconds = settings.max().toSeconds() * heatTerm * (0.5 + stats.hitRatio());
        String temperature = stats.writeHeat() >= settings.heatReference() ? "hot"
                : stats.writeHeat() < 0.1 * settings.heatReference() ? "cold" : "warm";
        String reason = String.format("%s: %.1f writes/min, hit ratio %.2f", temperature, stats.writeHeat(),
                stats.hitRatio());
        return new TtlAdvice(stats.clusterId(), settings.clamp(seconds), reason, AdviceSource.RULES);
    }

    public List<TtlAdvice> advise(List<ClusterStats> clusters) {
        return clusters.stream().map(this::advise).toList();
    }

    /**
     * The LLM's input: the bounds and, per cluster, heat (2 significant digits), hit ratio (steps
     * of 0.05) and the rule's TTL. Quantised so that slowly drifting statistics produce the same
     * request, which the response cache then answers without another LLM call.
     */
    public String inputJson(List<ClusterStats> clusters) {
        ObjectNode root = JSON.createObjectNode();
        root.put("minTtlSeconds", settings.min().toSeconds());
        root.put("maxTtlSeconds", settings.max().toSeconds());
        ArrayNode arr = root.putArray("clusters");
        for (ClusterStats s : clusters) {
            ClusterStats q = quantised(s);
            arr.addObject().put("cluster", q.clusterId()).put("writeHeat", q.writeHeat())
                    .put("hitRatio", q.hitRatio()).put("ruleTtlSeconds", advise(q).ttlSeconds());
        }
        return root.toString();
    }

    static ClusterStats quantised(ClusterStats s) {
        double heat = s.writeHeat() == 0 ? 0
                : new java.math.BigDecimal(s.writeHeat()).round(new java.math.MathContext(2)).doubleValue();
        long hits = Math.round(s.hitRatio() * 20) * 5; // hit ratio in steps of 0.05, as hits out of 100
        return new ClusterStats(s.clusterId(), heat, hits, 100 - hits);
    }

    /** Offline answer to a TTL request: the rule's TTLs in the LLM's answer format. */
    public String answerJson(String inputJson) {
        try {
            List<ClusterStats> clusters = new ArrayList<>();
            for (JsonNode c : JSON.readTree(inputJson).path("clusters")) {
                long hits = Math.round(c.path("hitRatio").asDouble(0.5) * 100);
                clusters.add(new ClusterStats(c.path("cluster").asInt(), c.path("writeHeat").asDouble(), hits,
                        100 - hits));
            }
            ObjectNode root = JSON.createObjectNode();
            ArrayNode arr = root.putArray("clusters");
            for (TtlAdvice a : advise(clusters)) {
                arr.addObject().put("cluster", a.clusterId()).put("ttlSeconds", a.ttlSeconds()).put("reason", a.reason());
            }
            return root.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
