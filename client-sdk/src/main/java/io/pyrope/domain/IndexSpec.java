package io.pyrope.domain;

import java.util.regex.Pattern;

/**
 * What an index is: its name (unique within a tenant), dimension, metric and graph parameters,
 * and the embedding model that turns text into its vectors ("" = vectors only).
 * Zero for {@code m}, {@code beamWidth} or {@code centroids} means "the default"; the canonical
 * constructor resolves defaults and rejects out-of-range values.
 */
public record IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids,
                        String embeddingModel) {
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0," + (Limits.MAX_INDEX_NAME - 1) + "}");
    private static final Pattern VALID_MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0," + (Limits.MAX_MODEL_ID - 1) + "}");

    public IndexSpec {
        validateName(name);
        if (dimension < 1 || dimension > Limits.MAX_DIMENSION) {
            throw PyropeException.invalid("dimension must be 1.." + Limits.MAX_DIMENSION + ", got " + dimension);
        }
        if (metric == null) {
            throw PyropeException.invalid("metric must be COSINE, L2 or DOT_PRODUCT");
        }
        m = m == 0 ? Limits.DEFAULT_M : m;
        beamWidth = beamWidth == 0 ? Limits.DEFAULT_BEAM : beamWidth;
        centroids = centroids == 0 ? Limits.DEFAULT_CENTROIDS : centroids;
        if (m < Limits.MIN_M || m > Limits.MAX_M) {
            throw PyropeException.invalid("m must be " + Limits.MIN_M + ".." + Limits.MAX_M + ", got " + m);
        }
        if (beamWidth < Limits.MIN_BEAM || beamWidth > Limits.MAX_BEAM) {
            throw PyropeException.invalid("beam_width must be " + Limits.MIN_BEAM + ".." + Limits.MAX_BEAM + ", got " + beamWidth);
        }
        if (centroids < 1 || centroids > Limits.MAX_CENTROIDS) {
            throw PyropeException.invalid("centroids must be 1.." + Limits.MAX_CENTROIDS + ", got " + centroids);
        }
        embeddingModel = embeddingModel == null ? "" : embeddingModel;
        if (!embeddingModel.isEmpty() && !VALID_MODEL.matcher(embeddingModel).matches()) {
            throw PyropeException.invalid("embedding_model must be 1.." + Limits.MAX_MODEL_ID
                    + " characters of [A-Za-z0-9._:/-], got '" + embeddingModel + "'");
        }
    }

    /** A vectors-only spec (no embedding model). */
    public IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids) {
        this(name, dimension, metric, m, beamWidth, centroids, "");
    }

    /** True when text input is accepted (the index records an embedding model). */
    public boolean acceptsText() {
        return !embeddingModel.isEmpty();
    }

    public IndexSpec withEmbedding(String model, int dim) {
        return new IndexSpec(name, dim, metric, m, beamWidth, centroids, model);
    }

    /** A spec with default graph parameters. */
    public static IndexSpec of(String name, int dimension, Metric metric) {
        return new IndexSpec(name, dimension, metric, 0, 0, 0);
    }

    /** Rejects a name that is not 1..64 characters of [A-Za-z0-9_-]. */
    public static String validateName(String name) {
        if (name == null || name.isEmpty()) {
            throw PyropeException.invalid("index name is required");
        }
        if (!VALID_NAME.matcher(name).matches()) {
            throw PyropeException.invalid("index name must be 1.." + Limits.MAX_INDEX_NAME
                    + " characters of [A-Za-z0-9_-] starting with a letter or digit, got '" + name + "'");
        }
        return name;
    }
}
