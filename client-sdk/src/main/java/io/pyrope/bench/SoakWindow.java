package io.pyrope.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One window of a soak: per operation kind, the count, the errors and the latency percentiles;
 * each node's memory at the window's end; the host's load average.
 */
record SoakWindow(int endSecond, Map<Soak.Op, Stats> ops, List<String> errorSamples, List<SoakMemory.Sample> memory,
                  double loadAverage) {

    record Stats(int count, int errors, double p50Ms, double p99Ms) {
    }

    int errors() {
        return ops.values().stream().mapToInt(Stats::errors).sum();
    }

    int count() {
        return ops.values().stream().mapToInt(Stats::count).sum();
    }

    String toText() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "t=%4ds ops=%6d errors=%d load=%.2f", endSecond,
                count(), errors(), loadAverage));
        ops.forEach((op, s) -> b.append(String.format(Locale.ROOT, " | %s %d p50=%.2f p99=%.2f ms", op.name().toLowerCase(Locale.ROOT),
                s.count(), s.p50Ms(), s.p99Ms())));
        for (int n = 0; n < memory.size(); n++) {
            SoakMemory.Sample m = memory.get(n);
            b.append(String.format(Locale.ROOT, " | node%d heap=%dM live=%dM rss=%dM", n, mb(m.heapUsed()), mb(m.liveHeap()),
                    mb(m.rss())));
        }
        errorSamples.forEach(e -> b.append("\n    error: ").append(e));
        return b.toString();
    }

    String toJson() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"t\":%d,\"load\":%.2f,\"ops\":{", endSecond, loadAverage));
        String sep = "";
        for (var e : ops.entrySet()) {
            Stats s = e.getValue();
            b.append(sep).append(String.format(Locale.ROOT, "\"%s\":{\"count\":%d,\"errors\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f}",
                    e.getKey().name().toLowerCase(Locale.ROOT), s.count(), s.errors(), s.p50Ms(), s.p99Ms()));
            sep = ",";
        }
        b.append("},\"nodes\":[");
        sep = "";
        for (SoakMemory.Sample m : memory) {
            b.append(sep).append(String.format(Locale.ROOT, "{\"heap\":%d,\"live_heap\":%d,\"rss\":%d}", m.heapUsed(), m.liveHeap(), m.rss()));
            sep = ",";
        }
        return b.append("]}").toString();
    }

    private static long mb(long bytes) {
        return bytes < 0 ? -1 : bytes >> 20;
    }

    /** Collects samples from the workers; {@link #roll} closes a window and starts the next. */
    static final class Recorder {
        private volatile Bucket current = new Bucket();

        void ok(Soak.Op op, long nanos) {
            current.latencies.get(op).add(nanos);
        }

        void failed(Soak.Op op, String error) {
            Bucket b = current;
            b.errors.get(op).add(error);
        }

        SoakWindow roll(int endSecond, SoakMemory memory) {
            Bucket done = current;
            current = new Bucket();
            Map<Soak.Op, Stats> stats = new EnumMap<>(Soak.Op.class);
            List<String> samples = new ArrayList<>();
            for (Soak.Op op : Soak.Op.values()) {
                long[] nanos = done.latencies.get(op).stream().mapToLong(Long::longValue).toArray();
                Percentiles p = new Percentiles(nanos);
                int errors = done.errors.get(op).size();
                stats.put(op, new Stats(nanos.length + errors, errors, p.millis(50), p.millis(99)));
                done.errors.get(op).stream().limit(3).forEach(e -> samples.add(op + " " + e));
            }
            List<SoakMemory.Sample> mem = new ArrayList<>();
            for (int n = 0; n < memory.nodes(); n++) {
                mem.add(memory.sample(n));
            }
            return new SoakWindow(endSecond, stats, samples, mem, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static final class Bucket {
        final Map<Soak.Op, ConcurrentLinkedQueue<Long>> latencies = new EnumMap<>(Soak.Op.class);
        final Map<Soak.Op, ConcurrentLinkedQueue<String>> errors = new EnumMap<>(Soak.Op.class);

        Bucket() {
            for (Soak.Op op : Soak.Op.values()) {
                latencies.put(op, new ConcurrentLinkedQueue<>());
                errors.put(op, new ConcurrentLinkedQueue<>());
            }
        }
    }
}
