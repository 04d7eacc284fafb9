package io.pyrope.domain;

import java.util.Map;

/**
 * A record to upsert by text: the node embeds {@code text} with the index's embedding model and
 * stores the vector under {@code id} (the text itself is not stored).
 */
public record TextRecord(String id, String text, Map<String, String> metadata) {

    public TextRecord {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public TextRecord(String id, String text) {
        this(id, text, Map.of());
    }
}
