package io.pyrope.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bench.run end to end over real gRPC (UpsertStream, Search, ClusterInfo) against a fake node. */
class GrpcBenchTest {
    private static final int PORT = Integer.getInteger("pyrope.test.portBase", 41000) + 90;

    @Test
    void benchOverGrpcLoadsSearchesAndWritesJson(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        try (FakeGrpcNode node = new FakeGrpcNode(PORT, "secret")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Bench.run(new String[]{"--transport", "grpc", "--target", "127.0.0.1:" + PORT, "--api-key", "secret",
                    "--dim", "8", "--base", "3000", "--queries", "40", "--threads", "3", "--batch", "200",
                    "--clusters", "5", "--warmup-seconds", "0", "--search-seconds", "0", "--no-reference",
                    "--progress", "plain", "--json", json.toString()}, new PrintStream(out), new PrintStream(err), null);
            assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("100% 3000/3000");
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("3,000 vectors").contains("recall@10 1.0000");
            String written = Files.readString(json);
            for (String key : BenchReport.REQUIRED_KEYS) {
                assertThat(written).contains("\"" + key + "\"");
            }
            assertThat(node.data().listIndexes()).isEmpty();
        }
    }

    @Test
    void wrongKeyFailsWithExitCodeOneAndAReadableMessage() throws Exception {
        try (FakeGrpcNode node = new FakeGrpcNode(PORT + 1, "secret")) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = Bench.run(new String[]{"--target", "127.0.0.1:" + (PORT + 1), "--api-key", "wrong", "--base", "100",
                    "--dim", "4", "--queries", "5", "--progress", "none", "--no-reference"},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), null);
            assertThat(rc).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("UNAUTHENTICATED");
        }
    }
}
