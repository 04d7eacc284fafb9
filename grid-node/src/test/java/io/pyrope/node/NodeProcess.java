package io.pyrope.node;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One node as its own process, started by the real entry point ({@code bin/pyrope node
 * --port-offset N}) with this test JVM's classpath (so nothing is built and no sidecar starts),
 * the ports of a {@link TestPorts} slot, a small heap and data region, and its output in a log
 * file. {@link #kill()} is {@code kill -9}; {@link #close()} is SIGTERM, then SIGKILL after 15 s.
 * The node's name (and so its Ignite consistent id and work directory) is fixed by the offset,
 * so a node started again with the same offset and work directory is the same node on disk.
 */
public final class NodeProcess implements AutoCloseable {
    public static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    private final Process process;
    private final Path log;
    private final int grpcPort;
    private final long launchedNanos;
    private ManagedChannel channel;
    private long startedNanos = -1;

    private NodeProcess(Process process, Path log, int grpcPort, long launchedNanos) {
        this.process = process;
        this.log = log;
        this.grpcPort = grpcPort;
        this.launchedNanos = launchedNanos;
    }

    /**
     * Starts {@code bin/pyrope node --port-offset offset}; {@code extraEnv} overrides the defaults
     * (test ports, 96 MB data region, 32 partitions, 5 s failure detection, 512m heap).
     */
    public static NodeProcess launch(TestPorts ports, Path work, int offset, String key, Map<String, String> extraEnv)
            throws IOException {
        Files.createDirectories(work);
        Path log = work.resolve("node" + offset + "-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/pyrope").toString(), "node", "--port-offset",
                Integer.toString(offset));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PYROPE_"));
        env.putAll(NodeFixture.env(ports, "unused"));
        env.put("PYROPE_NODE_WORK_DIR", work.toAbsolutePath().toString());
        env.put("PYROPE_DEFAULT_API_KEY", key);
        env.put("PYROPE_ADMIN_KEY", NodeFixture.ADMIN_KEY);
        env.put("PYROPE_HEAP", "512m");
        env.put("PYROPE_CLASSPATH", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process p = pb.start();
        // Should this JVM be stopped before teardown (e.g. a fork timeout), take the node with it.
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        return new NodeProcess(p, log, ports.grpc() + offset, t0);
    }

    /** Waits for the node's "node started" line; fails at once, with the log, if the process exits. */
    public NodeProcess awaitStarted(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("node exited with " + process.exitValue() + ":\n" + log());
            }
            return log().contains("node started");
        });
        startedNanos = System.nanoTime();
        return this;
    }

    /** From launch until the "node started" line was seen (within the 100 ms poll interval). */
    public Duration timeToStarted() {
        if (startedNanos < 0) {
            throw new IllegalStateException("not started yet");
        }
        return Duration.ofNanos(startedNanos - launchedNanos);
    }

    public int grpcPort() {
        return grpcPort;
    }

    public Process process() {
        return process;
    }

    public Path logFile() {
        return log;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plaintext channel to this node's gRPC port (closed with the node). */
    public synchronized ManagedChannel channel() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        }
        return channel;
    }

    /** {@code kill -9}: no shutdown hook runs, the node vanishes from the grid mid-whatever. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError("node did not die after SIGKILL");
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within {@code grace}; true if it stopped by itself. */
    public boolean stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (process.isAlive()) {
            stop(Duration.ofSeconds(15));
        }
    }
}
