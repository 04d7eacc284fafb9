package io.pyrope.shard;

import java.util.Map;

/**
 * One hit from a shard. {@code score} is the user-facing similarity (larger is better; see
 * {@link io.pyrope.domain.Metric}). Metadata and values are filled only when the query asked.
 */
public record ShardHit(String id, float score, Map<String, String> metadata, float[] values) {
}
