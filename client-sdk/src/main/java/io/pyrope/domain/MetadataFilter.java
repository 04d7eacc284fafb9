package io.pyrope.domain;

import java.util.Map;

/** Equality filter: an entry matches when it carries every listed key with exactly the listed value. */
public record MetadataFilter(Map<String, String> mustEqual) {
    public static final MetadataFilter NONE = new MetadataFilter(Map.of());

    public MetadataFilter {
        mustEqual = mustEqual == null ? Map.of() : Map.copyOf(mustEqual);
    }

    public boolean isEmpty() {
        return mustEqual.isEmpty();
    }

    public boolean matches(Map<String, String> metadata) {
        for (Map.Entry<String, String> e : mustEqual.entrySet()) {
            if (!e.getValue().equals(metadata.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
