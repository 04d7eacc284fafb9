package io.pyrope.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The windows of a soak and what they add up to: errors, the spread of the search p99 over the
 * windows after warm-up, and each node's live heap and resident set at the first window after
 * warm-up against the last.
 */
public final class SoakReport {
    private final int warmupSeconds;
    private final List<SoakWindow> windows = new ArrayList<>();

    SoakReport(int warmupSeconds) {
        this.warmupSeconds = warmupSeconds;
    }

    void add(SoakWindow w) {
        windows.add(w);
    }

    public int windows() {
        return windows.size();
    }

    public int errors() {
        return windows.stream().mapToInt(SoakWindow::errors).sum();
    }

    public long operations() {
        return windows.stream().mapToLong(SoakWindow::count).sum();
    }

    /** Operations of one kind ("search", "upsert", "delete", "llm_lookup", "llm_put") over the whole run. */
    public long operations(String kind) {
        Soak.Op op = Soak.Op.valueOf(kind.toUpperCase(Locale.ROOT));
        return windows.stream().mapToLong(w -> w.ops().get(op).count()).sum();
    }

    /** Search p99 (ms) of every window after warm-up. */
    public List<Double> searchP99AfterWarmup() {
        return steady().stream().map(w -> w.ops().get(Soak.Op.SEARCH).p99Ms()).toList();
    }

    private List<SoakWindow> steady() {
        List<SoakWindow> s = windows.stream().filter(w -> w.endSecond() > warmupSeconds).toList();
        return s.isEmpty() ? windows : s;
    }

    String summary() {
        List<SoakWindow> steady = steady();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "soak: %d operations, %d errors, %d windows",
                operations(), errors(), windows.size()));
        List<Double> p99 = searchP99AfterWarmup();
        if (!p99.isEmpty()) {
            b.append(String.format(Locale.ROOT, "; search p99 after warm-up %.2f..%.2f ms (median window %.2f)",
                    p99.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    p99.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    p99.stream().sorted().toList().get(p99.size() / 2)));
        }
        if (!steady.isEmpty()) {
            SoakWindow first = steady.get(0);
            SoakWindow last = steady.get(steady.size() - 1);
            for (int n = 0; n < first.memory().size(); n++) {
                b.append(String.format(Locale.ROOT, "%n  node%d after warm-up → end: live heap %s → %s MB, rss %s → %s MB", n,
                        mb(first.memory().get(n).liveHeap()), mb(last.memory().get(n).liveHeap()),
                        mb(first.memory().get(n).rss()), mb(last.memory().get(n).rss())));
            }
        }
        return b.toString();
    }

    String toJson() {
        return windows.stream().map(SoakWindow::toJson).collect(Collectors.joining(",\n", "[\n", "\n]\n"));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(bytes >> 20);
    }
}
