package io.pyrope.domain;

/**
 * Distance metric of an index. Scores exposed to users are similarities where larger is better:
 * COSINE gives cosine similarity in [-1, 1], DOT_PRODUCT the raw dot product, and L2 gives
 * {@code 1 / (1 + squaredDistance)} in (0, 1].
 */
public enum Metric {
    COSINE,
    L2,
    DOT_PRODUCT
}
