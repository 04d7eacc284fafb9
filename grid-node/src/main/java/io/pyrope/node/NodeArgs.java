package io.pyrope.node;

import io.pyrope.node.config.ConfigException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** Command line of {@link PyropeNode}: {@code [--port-offset N] [--config FILE] [--help]}. */
record NodeArgs(OptionalInt portOffset, Optional<Path> config, boolean help) {
    static final String USAGE = "usage: pyrope node [--port-offset N] [--config FILE]\n"
            + "  --port-offset N  add N to every local port (2nd node: 1, 3rd: 2 ...); also PYROPE_PORT_OFFSET\n"
            + "  --config FILE    YAML overlaid on the embedded default (config/pyrope-node.yaml)\n"
            + "Every config key can be set by environment: grpc.port -> PYROPE_GRPC_PORT (see config/pyrope-node.yaml).";

    static NodeArgs parse(String... args) {
        OptionalInt offset = OptionalInt.empty();
        Optional<Path> config = Optional.empty();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            String flag = eq > 0 && a.startsWith("--") ? a.substring(0, eq) : a;
            if (eq > 0 && a.startsWith("--")) {
                value = a.substring(eq + 1);
            }
            switch (flag) {
                case "--port-offset" -> {
                    String v = value != null ? value : next(args, ++i, flag);
                    try {
                        offset = OptionalInt.of(Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw new ConfigException(flag, "must be an integer, got '" + v + "'");
                    }
                }
                case "--config" -> config = Optional.of(Path.of(value != null ? value : next(args, ++i, flag)));
                case "-h", "--help" -> help = true;
                default -> throw new ConfigException(a, "unknown argument\n" + USAGE);
            }
        }
        return new NodeArgs(offset, config, help);
    }

    private static String next(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag, "needs a value");
        }
        return args[i];
    }
}
