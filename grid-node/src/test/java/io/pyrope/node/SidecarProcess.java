package io.pyrope.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real llm-sidecar process for integration tests, started as the node's launcher runs it:
 * {@code bin/pyrope sidecar} on the llm-sidecar build output (target/classes + target/lib), on a
 * test port, metrics off, its output in a log file. Needs llm-sidecar packaged.
 */
public final class SidecarProcess {
    /** The repository root (tests run in the module directory). */
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private SidecarProcess() {
    }

    public static boolean packaged() {
        return Files.isDirectory(ROOT.resolve("llm-sidecar/target/lib"));
    }

    /**
     * Starts a sidecar on {@code port} and waits until it listens and its log has {@code readyLine}.
     *
     * @param extraEnv more {@code PYROPE_SIDECAR_*} settings (or variables its config refers to)
     */
    public static Process start(int port, Map<String, String> extraEnv, Path log, String readyLine) throws Exception {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/pyrope").toString(), "sidecar");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PYROPE_"));
        env.put("PYROPE_CLASSPATH", ROOT.resolve("llm-sidecar/target/classes") + ":" + ROOT.resolve("llm-sidecar/target/lib") + "/*");
        env.put("PYROPE_HEAP", "384m");
        env.put("PYROPE_SIDECAR_SERVER_PORT", Integer.toString(port));
        env.put("PYROPE_SIDECAR_METRICS_PORT", "0");
        env.putAll(extraEnv);
        pb.directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("sidecar exited with " + p.exitValue() + ":\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            return out.contains("pyrope-sidecar listening") && out.contains(readyLine);
        });
        return p;
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 10 s. */
    public static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
