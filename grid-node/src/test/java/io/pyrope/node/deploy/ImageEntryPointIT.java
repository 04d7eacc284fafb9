package io.pyrope.node.deploy;

import io.pyrope.node.NodeFixture;
import io.pyrope.node.PlainIgnite;
import io.pyrope.node.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the Docker image runs, without Docker: the runtime stage's files are assembled into a
 * directory exactly as docker/Dockerfile's {@code COPY --from=build} lines say (bin, config, each
 * module's jar and lib), the jars are touched as its RUN does, and the image's ENTRYPOINT + CMD
 * ({@code bin/pyrope node}) runs there with node1's environment from docker/compose.yaml (ports
 * and seeds moved to this test's slot). Then: no build happens, node and sidecar both start, the
 * compose health check command succeeds, both metrics endpoints answer, and SIGTERM stops both.
 * Needs the packaged jars, so it is an integration test (after {@code package}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ImageEntryPointIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final TestPorts PORTS = TestPorts.slot(8);
    private static final int SIDECAR_GRPC = PORTS.base() + 50;
    private static final int SIDECAR_METRICS = PORTS.base() + 51;

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImagesEntryPointStartsNodeAndSidecarHealthyAndStopsOnSigterm() throws Exception {
        Path jar = ROOT.resolve("llm-sidecar/target");
        Assumptions.assumeTrue(Files.isDirectory(jar.resolve("lib")),
                "llm-sidecar is not packaged (run the whole build): the image layout cannot be assembled");
        Path image = PlainIgnite.workDir("image").resolve("opt-pyrope");
        DockerDeploymentTest.Dockerfile dockerfile = DockerDeploymentTest.Dockerfile.read(ROOT.resolve("docker/Dockerfile"));
        assemble(dockerfile, image);

        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker/compose.yaml")));
        Map<String, Object> node1 = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("node1");
        List<String> command = new ArrayList<>(List.of("bash"));
        command.add(image.resolve(dockerfile.entrypoint().get(0)).toString());
        command.addAll(dockerfile.entrypoint().subList(1, dockerfile.entrypoint().size()));
        ((List<Object>) node1.get("command")).forEach(a -> command.add(String.valueOf(a)));
        assertThat(command.subList(2, command.size())).containsExactly("node");

        ProcessBuilder pb = new ProcessBuilder(command).directory(image.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PYROPE_"));
        ((Map<String, Object>) node1.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        env.put("PYROPE_DEFAULT_API_KEY", NodeFixture.DEFAULT_KEY);
        env.put("PYROPE_ADMIN_KEY", NodeFixture.ADMIN_KEY);
        // The container's own ports and hostname, moved to this test's slot on loopback.
        env.putAll(NodeFixture.env(PORTS, "image"));
        env.put("PYROPE_NODE_HOST", "127.0.0.1");
        env.put("PYROPE_NODE_WORK_DIR", image.resolveSibling("var-lib-pyrope").toString());
        env.put("PYROPE_SIDECAR_SERVER_PORT", Integer.toString(SIDECAR_GRPC));
        env.put("PYROPE_SIDECAR_METRICS_PORT", Integer.toString(SIDECAR_METRICS));
        env.put("PYROPE_HEAP", "512m");
        env.put("PYROPE_SIDECAR_HEAP", "384m"); // the embedding model needs >= 256m (192m: OutOfMemoryError)
        env.put("PYROPE_STORAGE_MEMORY_MB", "96");
        Path log = image.resolveSibling("container.log");
        pb.redirectOutput(log.toFile());
        process = pb.start();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("entry point exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            return out.contains("node started") && out.contains("pyrope-sidecar listening");
        });
        String started = Files.readString(log);
        assertThat(started).doesNotContain("building").doesNotContain("ignoring PYROPE_SIDECAR_");
        assertThat(started).contains("grpc=127.0.0.1:" + PORTS.grpc(), "metrics=" + PORTS.metrics(),
                "listening on 127.0.0.1:" + SIDECAR_GRPC, "metrics " + SIDECAR_METRICS);

        assertThat(healthCheck(node1)).as("compose health check exit code").isZero();
        assertThat(get("http://127.0.0.1:" + PORTS.metrics() + "/metrics")).contains("pyrope_cluster_servers");
        assertThat(get("http://127.0.0.1:" + SIDECAR_METRICS + "/metrics")).contains("grpc_server_processing_duration_seconds");

        long t0 = System.nanoTime();
        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped after SIGTERM:\n" + Files.readString(log)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(Files.readString(log)).contains("stopped in", "pyrope-sidecar stopped");
        assertThat(healthCheck(node1)).as("health check fails once stopped").isNotZero();
    }

    /** Copies what each {@code COPY --from=build /src/<path> <dest>} names, from the repository, then touches the jars. */
    private static void assemble(DockerDeploymentTest.Dockerfile dockerfile, Path image) throws IOException {
        int copied = 0;
        for (String copy : dockerfile.copies()) {
            String[] parts = copy.split("\\s+");
            if (!parts[0].equals("--from=build")) {
                continue;
            }
            String source = parts[1].substring("/src/".length());
            Path dest = image.resolve(parts[2]);
            Files.createDirectories(dest);
            if (source.endsWith("/")) {
                copyTree(ROOT.resolve(source), dest);
                copied++;
            } else {
                Path dir = ROOT.resolve(source).getParent();
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + Path.of(source).getFileName());
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(f -> glob.matches(f.getFileName())).toList()) {
                        Files.copy(f, dest.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                        copied++;
                    }
                }
            }
        }
        assertThat(copied).isGreaterThanOrEqualTo(6);
        FileTime now = FileTime.from(Instant.now().plusSeconds(5));
        try (Stream<Path> files = Files.walk(image)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
                Files.setLastModifiedTime(f, now);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Runs compose's node health check (CMD form) with the container's ports replaced by this test's. */
    @SuppressWarnings("unchecked")
    private static int healthCheck(Map<String, Object> node) throws IOException, InterruptedException {
        List<String> test = new ArrayList<>();
        for (Object part : (List<Object>) ((Map<String, Object>) node.get("healthcheck")).get("test")) {
            test.add(String.valueOf(part).replace("$$", "$").replace("/9464", "/" + PORTS.metrics())
                    .replace("/50051", "/" + PORTS.grpc()));
        }
        assertThat(test.get(0)).isEqualTo("CMD");
        ProcessBuilder pb = new ProcessBuilder(test.subList(1, test.size())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("PYROPE_NODE_HOST", "127.0.0.1");
        Process p = pb.start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
