package io.pyrope.sidecar;

import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.config.SidecarConfig;
import io.pyrope.sidecar.time.Parker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java io.pyrope.sidecar.SidecarMain [--config FILE]}. The config file may also be named by
 * {@code PYROPE_SIDECAR_CONFIG}; without one, built-in defaults apply, then environment overrides.
 * SIGTERM/SIGINT run a bounded shutdown (grace for in-flight calls, then cancel), well inside 5 s.
 */
public final class SidecarMain {

    private SidecarMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        Path file = configFile(args, env);
        SidecarConfig config;
        try {
            config = new ConfigLoader().load(file, env);
        } catch (RuntimeException e) {
            System.err.println("pyrope-sidecar: " + e.getMessage());
            System.exit(2);
            return;
        }
        SidecarServer server = SidecarServer.start(config, Clock.systemUTC(), Parker.real(), env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "sidecar-shutdown"));
        stopped.await();
    }

    private static Path configFile(String[] args, Map<String, String> env) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                return Path.of(args[i + 1]);
            }
        }
        String fromEnv = env.get(ConfigLoader.ENV_PREFIX + "CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        Path conventional = Path.of("config", "pyrope-sidecar.yaml");
        return Files.isRegularFile(conventional) ? conventional : null;
    }
}
