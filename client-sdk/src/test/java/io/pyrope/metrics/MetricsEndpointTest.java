package io.pyrope.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scrape endpoint over real HTTP on a free loopback port. */
class MetricsEndpointTest {

    @Test
    void servesTheScrapeAtSlashMetricsAndNothingElse() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "test-metrics",
                () -> "up " + scrapes.incrementAndGet() + "\n")) {
            String base = "http://127.0.0.1:" + endpoint.port();
            Scrape s = Scrape.get(base + "/metrics");
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.contentType()).isEqualTo(MetricsEndpoint.CONTENT_TYPE);
            assertThat(s.value("up")).isEqualTo(1);
            assertThat(Scrape.get(base + "/metrics").value("up")).as("scraped afresh each time").isEqualTo(2);
            assertThat(Scrape.get(base + "/metrics/x").status()).isEqualTo(404);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build()).statusCode()).isEqualTo(405);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aFailingScrapeAnswers500AndTheEndpointKeepsServing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "test-metrics", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("gauge broke");
            }
            return "ok 1\n";
        })) {
            String url = "http://127.0.0.1:" + endpoint.port() + "/metrics";
            Scrape failed = Scrape.get(url);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.body()).contains("gauge broke");
            assertThat(Scrape.get(url).value("ok")).isEqualTo(1);
        }
    }

    @Test
    void closeReleasesThePortAndStopsTheThread() throws Exception {
        MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "test-metrics-closing", () -> "");
        String url = "http://127.0.0.1:" + endpoint.port() + "/metrics";
        assertThat(Scrape.get(url).status()).isEqualTo(200);
        endpoint.close();
        assertThatThrownBy(() -> Scrape.get(url)).isInstanceOf(IOException.class);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("test-metrics-closing");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
