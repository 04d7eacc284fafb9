package io.pyrope.node.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Typed, range-checked reads of a {@link ConfigTree}'s leaves; failures name the key. */
final class ConfigReader {
    private final ConfigTree tree;

    ConfigReader(ConfigTree tree) {
        this.tree = tree;
    }

    List<String> list(String key) {
        List<String> v = tree.leaves().get(key);
        if (v == null) {
            throw new ConfigException(key, "missing");
        }
        return v;
    }

    String string(String key) {
        List<String> v = list(key);
        if (v.size() > 1) {
            throw new ConfigException(key, "expected one value, got a list of " + v.size());
        }
        return v.isEmpty() ? "" : v.get(0).strip();
    }

    String nonEmpty(String key) {
        String s = string(key);
        if (s.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        return s;
    }

    long longIn(String key, long min, long max) {
        String s = string(key);
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be an integer, got '" + s + "'");
        }
        if (v < min || v > max) {
            throw new ConfigException(key, "must be " + min + ".." + max + ", got " + v);
        }
        return v;
    }

    int intIn(String key, int min, int max) {
        return (int) longIn(key, min, max);
    }

    /** A TCP port 1..65535, or also 0 when {@code zeroAllowed} (meaning "off"). */
    int port(String key, boolean zeroAllowed) {
        return intIn(key, zeroAllowed ? 0 : 1, 65535);
    }

    boolean bool(String key) {
        String s = string(key).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + s + "'");
        };
    }

    Path path(String key) {
        String s = nonEmpty(key);
        try {
            return Path.of(s);
        } catch (InvalidPathException e) {
            throw new ConfigException(key, "not a valid path: " + e.getReason());
        }
    }

    double doubleIn(String key, double min, double max) {
        String s = string(key);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a number, got '" + s + "'");
        }
        if (!(v >= min && v <= max)) {
            throw new ConfigException(key, "must be " + min + ".." + max + ", got " + s);
        }
        return v;
    }

    /**
     * A list of "scope=number" where scope is "tenant/index" (or also "tenant" unless
     * {@code indexOnly}); the numbers within min..max.
     */
    java.util.Map<String, Double> scopedDoubles(String key, boolean indexOnly, double min, double max) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (String item : list(key)) {
            int eq = item.lastIndexOf('=');
            String scope = eq < 0 ? "" : item.substring(0, eq).strip();
            boolean scoped = indexOnly ? scope.matches("[^/\\s]+/[^/\\s]+") : scope.matches("[^/\\s]+(/[^/\\s]+)?");
            if (!scoped) {
                throw new ConfigException(key, "'" + item + "' is not " + (indexOnly ? "tenant/index" : "tenant[/index]")
                        + "=number");
            }
            double v;
            try {
                v = Double.parseDouble(item.substring(eq + 1).strip());
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "'" + item + "': the value must be a number");
            }
            if (!(v >= min && v <= max)) {
                throw new ConfigException(key, "'" + item + "': the value must be " + min + ".." + max);
            }
            out.put(scope, v);
        }
        return out;
    }
}
