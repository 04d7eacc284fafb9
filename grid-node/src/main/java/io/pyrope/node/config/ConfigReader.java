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
}
