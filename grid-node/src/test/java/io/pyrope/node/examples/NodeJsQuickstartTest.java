package io.pyrope.node.examples;

import io.pyrope.api.v1.DescribeIndexRequest;
import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node.js example (examples/node/quickstart.js, @grpc/grpc-js loading the protos from
 * client-sdk at run time) against a real node: creates an index, upserts, searches. Installs the
 * example's locked dependencies with {@code npm ci} when they are missing. Skipped, saying so, only
 * when no {@code node}/{@code npm} is on the PATH.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NodeJsQuickstartTest {
    private static final Path EXAMPLE = Path.of(System.getProperty("user.dir")).getParent().resolve("examples/node");
    private static NodeFixture fixture;

    record Run(int exit, String output) {
    }

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(runs("node", "--version") && runs("npm", "--version"),
                "node and npm are not on the PATH: the Node.js example is not exercised");
        Path grpcJs = EXAMPLE.resolve("node_modules/@grpc/grpc-js/package.json");
        Path loader = EXAMPLE.resolve("node_modules/@grpc/proto-loader/package.json");
        if (!Files.exists(grpcJs) || !Files.exists(loader)) {
            Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 240);
            assertThat(install.exit()).as("npm ci:\n" + install.output()).isZero();
        }
        fixture = NodeFixture.start(TestPorts.slot(7), "nodejs", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static Map<String, String> env(String key) {
        return Map.of("PYROPE_ADDRESS", "127.0.0.1:" + fixture.node().services().grpcPort(), "PYROPE_API_KEY", key);
    }

    @Test
    void createsUpsertsAndSearchesThenReusesTheIndex() throws Exception {
        Run first = run(List.of("node", "quickstart.js"), env(NodeFixture.DEFAULT_KEY), 60);
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(first.output()).contains("created index quickstart-node", "upserted 3", "hit a score=0.99",
                "lang=en", "search ok: 2 hits");
        // What the Node client wrote is there for the Java client too.
        assertThat(fixture.indexes(NodeFixture.DEFAULT_KEY).describeIndex(DescribeIndexRequest.newBuilder()
                .setName("quickstart-node").build()).getVectorCount()).isEqualTo(3);

        Run again = run(List.of("node", "quickstart.js"), env(NodeFixture.DEFAULT_KEY), 60);
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("index quickstart-node exists", "upserted 3", "search ok");
    }

    @Test
    void aWrongKeyFailsWithUnauthenticated() throws Exception {
        Run r = run(List.of("node", "quickstart.js"), env("not-a-valid-key-0123456789"), 60);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("failed: UNAUTHENTICATED");
    }

    private static boolean runs(String... command) {
        try {
            return run(List.of(command), Map.of(), 30).exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Run run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(EXAMPLE.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PYROPE_"));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("pyrope-node-example", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }
}
