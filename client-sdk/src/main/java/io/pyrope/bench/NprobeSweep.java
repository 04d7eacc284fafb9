package io.pyrope.bench;

import java.util.List;
import java.util.Locale;

/** Recall and throughput of an IVF index at each nprobe of {@code --nprobe-sweep}; empty when not asked for. */
record NprobeSweep(List<Row> rows) {

    record Row(int nprobe, double recall, double qps, double p50Ms, double p99Ms) {
    }

    NprobeSweep {
        rows = List.copyOf(rows);
    }

    String toText(int k, int threads) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "nprobe    recall@%d       QPS (%d threads)   p50 ms   p99 ms%n", k, threads));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%6d    %8.4f    %,14.0f   %6.3f   %6.3f%n", r.nprobe(), r.recall(), r.qps(),
                    r.p50Ms(), r.p99Ms()));
        }
        return sb.toString();
    }

    /** Flat keys (the report is one level of scalars): nprobe_N_recall_at_k, nprobe_N_qps, nprobe_N_p50_ms, nprobe_N_p99_ms. */
    void putInto(java.util.Map<String, Object> m) {
        for (Row r : rows) {
            String p = "nprobe_" + r.nprobe() + "_";
            m.put(p + "recall_at_k", r.recall());
            m.put(p + "qps", r.qps());
            m.put(p + "p50_ms", r.p50Ms());
            m.put(p + "p99_ms", r.p99Ms());
        }
    }
}
