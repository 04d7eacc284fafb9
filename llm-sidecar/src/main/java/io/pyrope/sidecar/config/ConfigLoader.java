package io.pyrope.sidecar.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds configuration once, in this order: built-in defaults (classpath YAML) ← the config file
 * (objects merged, lists and scalars replaced) ← environment. An environment variable overrides
 * the leaf whose path it names: {@code PYROPE_SIDECAR_} + path in upper snake case, list
 * elements by index, e.g. {@code PYROPE_SIDECAR_SERVER_PORT},
 * {@code PYROPE_SIDECAR_LLM_RATE_LIMIT_REQUESTS_PER_MINUTE},
 * {@code PYROPE_SIDECAR_LLM_PROVIDERS_0_BASE_URL}. Unknown keys in the file are errors; unknown
 * {@code PYROPE_SIDECAR_*} variables are logged, so typos do not pass silently.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "PYROPE_SIDECAR_";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String DEFAULTS = "/io/pyrope/sidecar/sidecar-defaults.yaml";
    /** Variables with the prefix that are not config paths (the config file; bin/pyrope's sidecar heap). */
    private static final Set<String> NOT_PATHS = Set.of(ENV_PREFIX + "CONFIG", ENV_PREFIX + "HEAP");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param file optional config file (null = defaults only)
     * @param env  the environment (injected so tests need not touch the real one)
     */
    public SidecarConfig load(Path file, Map<String, String> env) {
        try {
            JsonNode tree;
            try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + DEFAULTS);
                }
                tree = yaml.readTree(in);
            }
            if (file != null) {
                JsonNode overlay = yaml.readTree(Files.readString(file));
                if (overlay != null && overlay.isObject()) {
                    merge((ObjectNode) tree, (ObjectNode) overlay);
                }
            }
            Set<String> used = new HashSet<>();
            applyEnv(tree, ENV_PREFIX.substring(0, ENV_PREFIX.length() - 1), env, used);
            env.keySet().stream()
                    .filter(k -> k.startsWith(ENV_PREFIX) && !used.contains(k) && !NOT_PATHS.contains(k))
                    .forEach(k -> LOG.warn("ignoring {}: no such configuration key", k));
            return bind(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sidecar config " + (file == null ? "(defaults)" : file), e);
        }
    }

    private SidecarConfig bind(JsonNode tree) {
        try {
            return yaml.treeToValue(tree, SidecarConfig.class);
        } catch (JsonProcessingException e) {
            // Validation in the records' constructors arrives wrapped; report the root cause.
            throw new IllegalArgumentException("invalid sidecar config: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void merge(ObjectNode base, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> it = overlay.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing != null && existing.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) e.getValue());
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private static void applyEnv(JsonNode node, String name, Map<String, String> env, Set<String> used) {
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = name + "_" + snake(e.getKey());
                if (e.getValue().isContainerNode()) {
                    applyEnv(e.getValue(), child, env, used);
                } else if (env.containsKey(child)) {
                    used.add(child);
                    e.setValue(TextNode.valueOf(env.get(child)));
                }
            }
        } else if (node.isArray()) {
            ArrayNode arr = (ArrayNode) node;
            for (int i = 0; i < arr.size(); i++) {
                String child = name + "_" + i;
                if (arr.get(i).isContainerNode()) {
                    applyEnv(arr.get(i), child, env, used);
                } else if (env.containsKey(child)) {
                    used.add(child);
                    arr.set(i, TextNode.valueOf(env.get(child)));
                }
            }
        }
    }

    /** camelCase or kebab-case → UPPER_SNAKE. */
    static String snake(String key) {
        return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }
}
