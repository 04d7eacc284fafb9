package io.pyrope.node.sdk;

import io.pyrope.bench.Bench;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pyrope bench} with tiny sizes against a real node, over both transports. */
class BenchEndToEndTest {
    private static final TestPorts PORTS = TestPorts.slot(10);
    private static final List<String> KEYS = List.of("write_vps", "search_qps", "p50_ms", "p95_ms", "p99_ms",
            "recall_at_k", "raw_jvector_qps", "overhead_ratio", "index_catchup_s");
    private static NodeFixture fixture;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(PORTS, "bench-e2e", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "sdk"})
    void benchRunsAndReportsEveryKey(String transport, @TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int port = transport.equals("grpc") ? PORTS.grpc() : PORTS.thin();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Bench.run(new String[]{"--transport", transport, "--target", "127.0.0.1:" + port,
                "--dim", "16", "--base", "2000", "--queries", "50", "--k", "10", "--threads", "2", "--batch", "250",
                "--clusters", "10", "--warmup-seconds", "0", "--search-seconds", "1", "--catchup-timeout", "30",
                "--index", "bench_e2e_" + transport, "--progress", "plain", "--json", json.toString()},
                new PrintStream(out), new PrintStream(err), NodeFixture.DEFAULT_KEY);
        String log = err.toString(StandardCharsets.UTF_8) + out.toString(StandardCharsets.UTF_8);
        System.out.println(log);  // kept in the surefire output file for diagnosis
        assertThat(rc).as(log).isZero();

        String report = Files.readString(json);
        for (String key : KEYS) {
            assertThat(report).as(key).contains("\"" + key + "\": ");
        }
        assertThat(number(report, "recall_at_k")).as(log).isGreaterThanOrEqualTo(0.9);
        assertThat(number(report, "search_qps")).isPositive();
        assertThat(number(report, "write_vps")).isPositive();
        assertThat(number(report, "raw_jvector_qps")).isPositive();
        assertThat(report).contains("\"transport\": \"" + transport + "\"");
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.]+)").matcher(json);
        assertThat(m.find()).as(key + " is a number in " + json).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
