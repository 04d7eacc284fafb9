package io.pyrope.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bench's results. Rates are per second, latencies in milliseconds, times in seconds. A
 * {@code null} value means "not measured" (no reference run, catch-up timed out) and is written
 * as JSON null so that every key is always present.
 */
record BenchReport(String transport, String target, String metric, int base, int dim, int queries, int k, int ef,
                   int threads, long written, double writeVps, double loadSeconds,
                   Double indexCatchupS, boolean catchupTimedOut, long catchupResidualHead,
                   double searchQps, double p50Ms, double p95Ms, double p99Ms, double recallAtK, long searches,
                   Double rawJvectorBuildS, Double rawJvectorQps, Double rawJvectorQpsSingleThread,
                   Double rawJvectorRecall, String indexType, int nprobe, NprobeSweep nprobeSweep) {

    /** The keys the issue requires; {@link #toMap()} always has them. */
    static final List<String> REQUIRED_KEYS = List.of("write_vps", "search_qps", "p50_ms", "p95_ms", "p99_ms",
            "recall_at_k", "raw_jvector_qps", "overhead_ratio", "index_catchup_s");

    /** search_qps / raw_jvector_qps at the same thread count; null without a reference run. */
    Double overheadRatio() {
        return rawJvectorQps == null || rawJvectorQps == 0 ? null : searchQps / rawJvectorQps;
    }

    /** Catch-up time relative to raw jvector's build of the same vectors. */
    Double catchupToBuildRatio() {
        return indexCatchupS == null || rawJvectorBuildS == null || rawJvectorBuildS == 0 ? null : indexCatchupS / rawJvectorBuildS;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("write_vps", writeVps);
        m.put("search_qps", searchQps);
        m.put("p50_ms", p50Ms);
        m.put("p95_ms", p95Ms);
        m.put("p99_ms", p99Ms);
        m.put("recall_at_k", recallAtK);
        m.put("raw_jvector_qps", rawJvectorQps);
        m.put("overhead_ratio", overheadRatio());
        m.put("index_catchup_s", indexCatchupS);
        m.put("index_catchup_timed_out", catchupTimedOut);
        m.put("index_catchup_residual_head", catchupResidualHead);
        m.put("raw_jvector_build_s", rawJvectorBuildS);
        m.put("catchup_to_build_ratio", catchupToBuildRatio());
        m.put("raw_jvector_recall", rawJvectorRecall);
        m.put("raw_jvector_qps_single_thread", rawJvectorQpsSingleThread);
        m.put("transport", transport);
        m.put("target", target);
        m.put("metric", metric);
        m.put("base", base);
        m.put("dim", dim);
        m.put("queries", queries);
        m.put("k", k);
        m.put("ef", ef);
        m.put("index_type", indexType);
        m.put("nprobe", nprobe);
        nprobeSweep.putInto(m);
        m.put("threads", threads);
        m.put("written", written);
        m.put("load_s", loadSeconds);
        m.put("searches", searches);
        m.put("java_version", System.getProperty("java.version"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        return m;
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        var it = toMap().entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            sb.append("  \"").append(e.getKey()).append("\": ").append(jsonValue(e.getValue()));
            sb.append(it.hasNext() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /** The human summary printed on stdout. */
    String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "write     %,d vectors in %.2f s: %,.0f vec/s acknowledged (%s, %d threads)%n",
                written, loadSeconds, writeVps, transport, threads));
        sb.append(indexCatchupS == null
                ? String.format(Locale.ROOT, "catch-up  not reached (timed out or not reported by the server)%n")
                : String.format(Locale.ROOT, "catch-up  %.2f s from the last acknowledged write until every vector is in sealed segments (graphs or IVF lists)%n", indexCatchupS));
        sb.append(String.format(Locale.ROOT, "search    %,.0f QPS over %d threads, p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, recall@%d %.4f (%s %s %d, %,d searches)%n",
                searchQps, threads, p50Ms, p95Ms, p99Ms, k, recallAtK, indexType, "IVF".equals(indexType) ? "nprobe" : "ef",
                "IVF".equals(indexType) ? nprobe : ef, searches));
        sb.append(nprobeSweep.toText(k, threads));
        if (rawJvectorQps != null) {
            sb.append(String.format(Locale.ROOT, "jvector   raw in-process: build %.2f s, %,.0f QPS single-thread, %,.0f QPS with %d threads, recall@%d %.4f%n",
                    rawJvectorBuildS, rawJvectorQpsSingleThread, rawJvectorQps, threads, k, rawJvectorRecall));
            sb.append(String.format(Locale.ROOT, "overhead  search_qps / raw_jvector_qps = %.3f%s%n", overheadRatio(),
                    catchupToBuildRatio() == null ? "" : String.format(Locale.ROOT, "; catch-up / raw build = %.2f", catchupToBuildRatio())));
        }
        return sb.toString();
    }

    static String jsonValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            // Six significant digits, plain notation: readable and valid JSON.
            return d.isNaN() || d.isInfinite() ? "null"
                    : new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
