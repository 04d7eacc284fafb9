package io.pyrope.node.examples;

import io.pyrope.node.NodeFixture;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code grpcurl} call in the README's gRPC sections ("3. Index, upsert, search over gRPC"
 * and "7. Any language"), exactly as written there, against a real node: with the grpcurl binary
 * when one is on the PATH, else with {@link GrpcurlStandIn}, which does the same through server
 * reflection only. The README's address and {@code $KEY} are replaced by the test node's.
 */
class ReadmeGrpcurlCallsTest {
    private static final Path README = Path.of(System.getProperty("user.dir")).getParent().resolve("README.md");
    private static final String README_ADDRESS = "127.0.0.1:50051";
    private static NodeFixture fixture;

    @BeforeAll
    static void start() {
        fixture = NodeFixture.start(TestPorts.slot(34), "grpcurl", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static List<List<String>> readmeCalls() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        return ReadmeCommands.find(readme, "grpcurl", List.of("3. ", "7. "), Map.of("KEY", NodeFixture.DEFAULT_KEY));
    }

    @Test
    void everyReadmeCallSucceedsThroughServerReflection() throws Exception {
        List<List<String>> calls = readmeCalls();
        assertThat(calls).as("grpcurl calls in README sections 3 and 7").hasSizeGreaterThanOrEqualTo(9);
        Optional<Path> binary = onPath("grpcurl");
        String address = "127.0.0.1:" + fixture.node().services().grpcPort();
        GrpcurlStandIn standIn = new GrpcurlStandIn(fixture.channel());
        List<String> outputs = new ArrayList<>();
        for (List<String> call : calls) {
            List<String> args = new ArrayList<>(call.subList(1, call.size()));
            assertThat(args).as("every README call names the default address: " + call).contains(README_ADDRESS);
            String output;
            if (binary.isPresent()) {
                args.replaceAll(a -> a.equals(README_ADDRESS) ? address : a);
                output = runBinary(binary.get(), args);
            } else {
                args.remove(README_ADDRESS);
                output = standIn.run(args);
            }
            outputs.add(String.join(" ", call.subList(1, 4)) + " ->\n" + output);
        }
        String all = String.join("\n", outputs);
        assertThat(all).as("what the calls answered")
                .contains("pyrope.v1.VectorService", "pyrope.v1.IndexService", "pyrope.v1.AdminService", "grpc.health.v1.Health")
                .contains("top_k")                  // describe pyrope.v1.SearchRequest
                .contains("\"upserted\": \"2\"")    // Upsert of a and b (uint64 is a JSON string)
                .contains("\"id\": \"a\"")          // Search and Get find a
                .contains("SERVING")                // health
                .contains("\"nodes\"");             // ClusterInfo
    }

    private static Optional<Path> onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String runBinary(Path grpcurl, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(grpcurl.toString());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("grpcurl finished: " + cmd).isTrue();
        assertThat(p.exitValue()).as(cmd + "\n" + out).isZero();
        return out;
    }
}
