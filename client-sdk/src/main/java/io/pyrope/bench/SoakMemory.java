package io.pyrope.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Memory of the nodes under a soak, sampled from outside: heap in use and the live heap after the
 * last collection (Micrometer's {@code jvm_memory_used_bytes{area="heap"}} and
 * {@code jvm_gc_live_data_size_bytes} from each node's {@code /metrics}), and, when the node's
 * process id is given, its resident set from {@code /proc/PID/status} (heap + Ignite's off-heap
 * data regions + everything else). -1 where a value is not available.
 */
final class SoakMemory {
    private final List<String> metricsUrls;
    private final List<Long> pids;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One node's sample, in bytes. */
    record Sample(long heapUsed, long liveHeap, long rss) {
    }

    SoakMemory(List<String> metricsUrls, List<Long> pids) {
        this.metricsUrls = List.copyOf(metricsUrls);
        this.pids = List.copyOf(pids);
    }

    int nodes() {
        return Math.max(metricsUrls.size(), pids.size());
    }

    Sample sample(int node) {
        long heap = -1;
        long live = -1;
        if (node < metricsUrls.size()) {
            String text = scrape(metricsUrls.get(node));
            heap = sum(text, "jvm_memory_used_bytes{", "area=\"heap\"");
            live = sum(text, "jvm_gc_live_data_size_bytes", "");
        }
        long rss = node < pids.size() ? rss(pids.get(node)) : -1;
        return new Sample(heap, live, rss);
    }

    private String scrape(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Sum of the values of every sample line of {@code series} containing {@code labelPart}; -1 if none. */
    static long sum(String text, String series, String labelPart) {
        double total = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(series) && line.contains(labelPart)) {
                String[] parts = line.trim().split(" ");
                total += Double.parseDouble(parts[parts.length - 1]);
                found = true;
            }
        }
        return found ? (long) total : -1;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
