package io.pyrope.node.config;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/pyrope reads the Ignite --add-opens from config/jvm.options; the tests run with the parent
 * pom's ignite.jvm.opens. This keeps the two lists equal.
 */
class JvmOptionsTest {

    @Test
    void launcherAndTestsOpenTheSamePackages() throws Exception {
        Path options = Path.of(System.getProperty("user.dir")).resolve("../config/jvm.options");
        List<String> launcher = Files.readAllLines(options).stream()
                .map(l -> l.replaceAll("#.*", "").strip())
                .filter(l -> l.startsWith("--add-opens"))
                .sorted().collect(Collectors.toList());
        List<String> tests = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .sorted().collect(Collectors.toList());
        assertThat(launcher).hasSize(11).isEqualTo(tests);
    }
}
