package io.pyrope.domain;

import java.util.Map;

/** One search result. {@code values} is empty unless vectors were requested. */
public record SearchHit(String id, float score, Map<String, String> metadata, float[] values) {
    public SearchHit {
        metadata = metadata == null ? Map.of() : metadata;
        values = values == null ? new float[0] : values;
    }
}
