package io.pyrope.node.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.node.config.NodeConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so this checks the deployment files' structure instead:
 * docker/compose.yaml (three nodes, each running {@code bin/pyrope node} with its sidecar, plus
 * Prometheus and Grafana; unique host ports; health checks on the ports the node really uses),
 * docker/Dockerfile (multi-stage, JRE runtime, entry point bin/pyrope with the layout it needs),
 * docker/prometheus.yml (scrapes every node's and sidecar's metrics port) and the Grafana
 * provisioning. Each node's environment is bound through the node's real {@link ConfigLoader}, so
 * an invalid key or value in compose.yaml fails here as it would fail the container's start.
 */
class DockerDeploymentTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path DOCKER = ROOT.resolve("docker");

    private static Map<String, Object> compose;
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        compose = new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")));
        services = (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }

    private static Map<String, String> env(String service) {
        Map<String, String> env = new HashMap<>();
        map(services.get(service)).entrySet().stream().filter(e -> e.getKey().equals("environment"))
                .forEach(e -> map(e.getValue()).forEach((k, v) -> env.put(k, String.valueOf(v))));
        return env;
    }

    /** The node's config as the container would bind it (secrets and sidecar variables are not config keys). */
    private static NodeConfig nodeConfig(String service) {
        Map<String, String> env = env(service);
        env.keySet().removeIf(k -> k.startsWith("PYROPE_SIDECAR_") || k.equals("PYROPE_HEAP")
                || k.equals("PYROPE_ADMIN_KEY") || k.equals("PYROPE_DEFAULT_API_KEY"));
        return new ConfigLoader(env).load(Optional.empty(), OptionalInt.empty());
    }

    /** Sidecar metrics port in the node containers: bin/pyrope's 9564 + offset (offset 0) unless set. */
    private static int sidecarMetricsPort(String service) throws IOException {
        String set = env(service).get("PYROPE_SIDECAR_METRICS_PORT");
        if (set != null) {
            return Integer.parseInt(set);
        }
        assertThat(Files.readString(ROOT.resolve("bin/pyrope")))
                .contains("PYROPE_SIDECAR_METRICS_PORT=\"${PYROPE_SIDECAR_METRICS_PORT:-$((9564 + offset))}\"");
        Map<String, Object> sidecar = new Yaml().load(Files.readString(ROOT.resolve("config/pyrope-sidecar.yaml")));
        assertThat(map(sidecar.get("metrics")).get("port")).isEqualTo(9564);
        return 9564;
    }

    @Test
    void threeNodesWithPrometheusAndGrafana() {
        assertThat(services.keySet()).containsExactlyInAnyOrder("node1", "node2", "node3", "prometheus", "grafana");
    }

    @Test
    void everyNodeRunsBinPyropeNodeWithItsSidecarFromTheDockerfile() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        for (String node : NODES) {
            Map<String, Object> s = map(services.get(node));
            Map<String, Object> build = map(s.get("build"));
            assertThat(ROOT.resolve("docker").resolve(String.valueOf(build.get("context"))).normalize()).isEqualTo(ROOT);
            assertThat(build.get("dockerfile")).isEqualTo("docker/Dockerfile");
            List<String> argv = new ArrayList<>(dockerfile.entrypoint());
            list(s.getOrDefault("command", dockerfile.cmd())).forEach(a -> argv.add(String.valueOf(a)));
            assertThat(argv).as(node + " runs").startsWith("bin/pyrope", "node").doesNotContain("--no-sidecar");
            assertThat(env(node).getOrDefault("PYROPE_SIDECAR", "on")).as(node + " keeps its sidecar").isNotEqualTo("off");
            assertThat(s).doesNotContainKey("entrypoint");
            assertThat(env(node)).containsKeys("PYROPE_ADMIN_KEY", "PYROPE_DEFAULT_API_KEY");
            assertThat(env(node).get("PYROPE_DEFAULT_API_KEY")).as("secrets come from the environment").startsWith("${");
            assertThat(env(node).get("PYROPE_ADMIN_KEY")).startsWith("${");
        }
    }

    @Test
    void everyNodeBindsAValidConfigAndFindsTheOthers() {
        Set<String> names = new HashSet<>();
        for (String node : NODES) {
            NodeConfig c = nodeConfig(node);
            names.add(c.node().name());
            assertThat(c.node().host()).isEqualTo(map(services.get(node)).get("hostname"));
            assertThat(c.discovery().seeds()).as(node + " seeds").containsAll(NODES.stream().map(n -> n + ":" + c.discovery().port()).toList());
            assertThat(c.metrics().port()).isPositive();
        }
        assertThat(names).hasSize(3);
    }

    @Test
    void everyNodeHasAHealthCheckOnItsMetricsAndGrpcPorts() {
        for (String node : NODES) {
            NodeConfig c = nodeConfig(node);
            Map<String, Object> health = map(map(services.get(node)).get("healthcheck"));
            assertThat(health).as(node + " healthcheck").isNotNull();
            List<Object> test = list(health.get("test"));
            assertThat(test).isNotEmpty();
            assertThat(test.get(0)).isIn("CMD", "CMD-SHELL");
            String probe = String.join(" ", test.stream().map(String::valueOf).toList());
            assertThat(probe).contains("/" + c.metrics().port() + " ", "GET /metrics", " 200 ", "/" + c.grpc().port());
            assertThat(health).containsKeys("interval", "timeout", "retries", "start_period");
        }
        for (String other : List.of("prometheus", "grafana")) {
            assertThat(map(services.get(other))).containsKey("healthcheck");
        }
    }

    @Test
    void publishedHostPortsAreUniqueAndReachTheRealContainerPorts() throws IOException {
        Map<Integer, String> hostPorts = new HashMap<>();
        for (Map.Entry<String, Object> e : services.entrySet()) {
            for (Object p : list(map(e.getValue()).get("ports"))) {
                String[] parts = String.valueOf(p).split(":");
                int host = Integer.parseInt(parts[parts.length - 2]);
                String previous = hostPorts.put(host, e.getKey());
                assertThat(previous).as("host port " + host + " of " + e.getKey()).isNull();
            }
        }
        for (String node : NODES) {
            NodeConfig c = nodeConfig(node);
            Set<Integer> containerPorts = new HashSet<>();
            for (Object p : list(map(services.get(node)).get("ports"))) {
                String[] parts = String.valueOf(p).split(":");
                containerPorts.add(Integer.parseInt(parts[parts.length - 1]));
            }
            assertThat(containerPorts).as(node + " publishes").containsExactlyInAnyOrder(c.grpc().port(), c.thin().port(),
                    c.metrics().port(), sidecarMetricsPort(node));
        }
    }

    @Test
    void prometheusScrapesEveryNodeAndSidecar() throws IOException {
        Map<String, Object> prometheus = new Yaml().load(Files.readString(DOCKER.resolve("prometheus.yml")));
        Set<String> targets = new TreeSet<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            assertThat(map(job).getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
            for (Object sc : list(map(job).get("static_configs"))) {
                list(map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String node : NODES) {
            expected.add(node + ":" + nodeConfig(node).metrics().port());
            expected.add(node + ":" + sidecarMetricsPort(node));
        }
        assertThat(targets).isEqualTo(expected);
        // The sidecar's scrape endpoint must not stay on the container's loopback.
        for (String node : NODES) {
            assertThat(env(node).get("PYROPE_SIDECAR_METRICS_HOST")).isEqualTo("0.0.0.0");
        }
        List<Object> mounts = list(map(services.get("prometheus")).get("volumes"));
        assertThat(mounts).anyMatch(v -> String.valueOf(v).startsWith("./prometheus.yml:/etc/prometheus/prometheus.yml"));
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() throws IOException {
        List<String> mounts = list(map(services.get("grafana")).get("volumes")).stream().map(String::valueOf).toList();
        Map<String, String> mounted = new HashMap<>();
        for (String m : mounts) {
            String[] parts = m.split(":");
            mounted.put(parts[1], parts[0]);
        }
        assertThat(mounted).containsEntry("/etc/grafana/provisioning", "./grafana/provisioning");
        Map<String, Object> ds = new Yaml().load(Files.readString(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml")));
        Map<String, Object> source = map(list(ds.get("datasources")).get(0));
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
        assertThat(list(map(services.get("prometheus")).get("ports"))).contains("9090:9090");

        Map<String, Object> providers = new Yaml().load(Files.readString(DOCKER.resolve("grafana/provisioning/dashboards/pyrope.yaml")));
        String path = String.valueOf(map(map(list(providers.get("providers")).get(0)).get("options")).get("path"));
        assertThat(mounted).containsKey(path);
        Path dashboards = DOCKER.resolve(mounted.get(path)).normalize();
        JsonNode dashboard = new ObjectMapper().readTree(dashboards.resolve("pyrope-overview.json").toFile());
        List<String> uids = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.get("expr").asText()).isNotBlank();
                uids.add(target.path("datasource").path("uid").asText());
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(20);
        assertThat(uids).containsOnly(String.valueOf(source.get("uid")));
    }

    /** The instructions of a Dockerfile that matter here. */
    record Dockerfile(List<String> stages, List<String> runs, List<String> copies, List<String> entrypoint, List<String> cmd) {
        private static final Pattern JSON_ARRAY = Pattern.compile("\\[(.*)]");

        static Dockerfile read(Path file) throws IOException {
            List<String> stages = new ArrayList<>();
            List<String> runs = new ArrayList<>();
            List<String> copies = new ArrayList<>();
            List<String> entrypoint = List.of();
            List<String> cmd = List.of();
            String joined = Files.readString(file).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String instruction = l.split("\\s+", 2)[0].toUpperCase();
                String args = l.substring(instruction.length()).strip();
                switch (instruction) {
                    case "FROM" -> stages.add(args);
                    case "RUN" -> runs.add(args);
                    case "COPY" -> copies.add(args);
                    case "ENTRYPOINT" -> entrypoint = jsonArray(args);
                    case "CMD" -> cmd = jsonArray(args);
                    default -> {
                    }
                }
            }
            return new Dockerfile(stages, runs, copies, entrypoint, cmd);
        }

        private static List<String> jsonArray(String args) {
            Matcher m = JSON_ARRAY.matcher(args);
            assertThat(m.matches()).as("exec form: " + args).isTrue();
            List<String> out = new ArrayList<>();
            for (String part : m.group(1).split(",")) {
                out.add(part.strip().replaceAll("^\"|\"$", ""));
            }
            return out;
        }
    }

    @Test
    void dockerfileBuildsWithMavenAndRunsBinPyropeOnAJre() throws IOException {
        Dockerfile d = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        assertThat(d.stages()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(d.stages().get(0)).startsWith("maven:").endsWith(" AS build");
        assertThat(d.stages().get(d.stages().size() - 1)).contains("-jre");
        assertThat(d.runs()).anyMatch(r -> r.contains("mvn ") && r.contains(" package") && r.contains("-DskipTests"));
        assertThat(d.entrypoint()).containsExactly("bin/pyrope");
        assertThat(d.cmd()).containsExactly("node");
        // What bin/pyrope needs to run without building: itself, config, and each module's jar + lib.
        assertThat(d.copies()).contains("--from=build /src/bin/ bin/", "--from=build /src/config/ config/",
                "--from=build /src/grid-node/target/grid-node-*.jar grid-node/target/",
                "--from=build /src/grid-node/target/lib/ grid-node/target/lib/",
                "--from=build /src/llm-sidecar/target/llm-sidecar-*.jar llm-sidecar/target/",
                "--from=build /src/llm-sidecar/target/lib/ llm-sidecar/target/lib/");
        assertThat(d.runs()).anyMatch(r -> r.contains("-name '*.jar' -exec touch"));
        assertThat(Files.readString(ROOT.resolve(".dockerignore"))).contains("**/target/", "**/node_modules/");
    }
}
