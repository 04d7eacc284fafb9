package io.pyrope.node.faults;

import io.pyrope.bench.Soak;
import io.pyrope.bench.SoakReport;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI version of the soak ({@code pyrope bench --workload soak}, docs/scripts/soak.sh for the
 * 10-minute run): 30 s of mixed searches, upserts, deletes and LLM-cache lookups and puts over two
 * nodes (in this JVM, gRPC on loopback), with no failed request. Memory flatness and p99
 * stability are judged on the long run (docs/BENCHMARKS.md): two nodes sharing the test JVM's
 * heap for 30 s say nothing reliable about them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShortSoakTest {
    @Test
    void thirtySecondsOfMixedLoadOverTwoNodesFailNoRequest() throws Exception {
        TestPorts ports = TestPorts.slot(28);
        Map<String, String> second = new HashMap<>();
        second.put("PYROPE_PORT_OFFSET", "1");
        try (NodeFixture a = NodeFixture.start(ports, "soak-a", Map.of());
             NodeFixture b = NodeFixture.start(ports, "soak-b", second)) {
            String targets = "127.0.0.1:" + a.node().services().grpcPort() + ",127.0.0.1:" + b.node().services().grpcPort();
            String metrics = "http://127.0.0.1:" + ports.metrics() + "/metrics,http://127.0.0.1:" + (ports.metrics() + 1) + "/metrics";
            SoakReport report = Soak.execute(new String[]{"--workload", "soak", "--targets", targets, "--metrics", metrics,
                    "--seconds", "30", "--window", "10", "--warmup-seconds", "10", "--threads", "3", "--base", "2000",
                    "--dim", "16"}, System.out, NodeFixture.DEFAULT_KEY);
            assertThat(report.windows()).isEqualTo(3);
            assertThat(report.errors()).as("failed requests").isZero();
            for (String kind : List.of("search", "upsert", "delete", "llm_lookup", "llm_put")) {
                assertThat(report.operations(kind)).as(kind).isPositive();
            }
        }
    }
}
