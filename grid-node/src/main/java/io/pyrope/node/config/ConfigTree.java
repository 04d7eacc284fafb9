package io.pyrope.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document flattened to its leaves: dotted path → list of strings (one element for a
 * scalar). Flat leaves make overlaying files and environment variables, and naming the key at
 * fault, trivial.
 */
final class ConfigTree {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, List<String>> leaves;

    private ConfigTree(Map<String, List<String>> leaves) {
        this.leaves = leaves;
    }

    static ConfigTree parse(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException(source, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        if (root != null && !root.isMissingNode() && !root.isNull()) {
            if (!root.isObject()) {
                throw new ConfigException(source, "must be a YAML mapping of sections");
            }
            flatten("", root, leaves, source);
        }
        return new ConfigTree(leaves);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, List<String>> out, String source) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out, source);
            }
        } else if (node.isArray()) {
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (element.isContainerNode()) {
                    throw new ConfigException(prefix, "list elements must be plain values (in " + source + ")");
                }
                values.add(element.asText());
            }
            out.put(prefix, values);
        } else {
            out.put(prefix, List.of(node.isNull() ? "" : node.asText()));
        }
    }

    Map<String, List<String>> leaves() {
        return Collections.unmodifiableMap(leaves);
    }

    /** Replaces this tree's leaves by {@code other}'s; every key of {@code other} must exist here. */
    ConfigTree overlay(ConfigTree other, String source) {
        Map<String, List<String>> merged = new LinkedHashMap<>(leaves);
        for (Map.Entry<String, List<String>> e : other.leaves.entrySet()) {
            if (!merged.containsKey(e.getKey())) {
                throw new ConfigException(e.getKey(), "unknown key in " + source + " (known keys: "
                        + String.join(", ", leaves.keySet()) + ")");
            }
            merged.put(e.getKey(), e.getValue());
        }
        return new ConfigTree(merged);
    }

    /** Replaces leaves from environment variables named by {@link #envName}. */
    ConfigTree overlayEnv(Map<String, String> env) {
        Map<String, List<String>> merged = new LinkedHashMap<>(leaves);
        for (String key : leaves.keySet()) {
            String value = env.get(envName(key));
            if (value != null) {
                merged.put(key, value.isBlank() ? List.of() : splitList(value));
            }
        }
        return new ConfigTree(merged);
    }

    private static List<String> splitList(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            out.add(part.strip());
        }
        return out;
    }

    /**
     * The environment variable overriding a key: {@code PYROPE_} + the path with dots and
     * camelCase humps turned into underscores, upper-cased ({@code grpc.maxInboundMessageMb} →
     * {@code PYROPE_GRPC_MAX_INBOUND_MESSAGE_MB}).
     */
    static String envName(String key) {
        StringBuilder b = new StringBuilder("PYROPE_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.' || c == '-') {
                b.append('_');
            } else if (Character.isUpperCase(c)) {
                b.append('_').append(c);
            } else {
                b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }
}
