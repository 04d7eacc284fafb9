package io.pyrope.domain;

import java.util.regex.Pattern;

/**
 * What an index is: its name (unique within a tenant), dimension, metric, graph parameters, type
 * and, for IVF, the default nprobe, and the embedding model that turns text into its vectors
 * ("" = vectors only). Zero for {@code m}, {@code beamWidth}, {@code centroids} or {@code nprobe}
 * means "the default"; a null type means HNSW. The canonical constructor resolves defaults and
 * rejects out-of-range values. An IVF index has no graph: its {@code m} and {@code beamWidth} stay
 * 0 (setting them is an error), and its {@code centroids} are its lists.
 */
public record IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids,
                        IndexType type, int nprobe, String embeddingModel) {
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
        type = type == null ? IndexType.HNSW : type;
        centroids = centroids == 0 ? Limits.DEFAULT_CENTROIDS : centroids;
        if (centroids < 1 || centroids > Limits.MAX_CENTROIDS) {
            throw PyropeException.invalid("centroids must be 1.." + Limits.MAX_CENTROIDS + ", got " + centroids);
        }
        if (type == IndexType.IVF) {
            if (m != 0 || beamWidth != 0) {
                throw PyropeException.invalid("m and beam_width are graph parameters; an IVF index has no graph: "
                        + "leave them 0 (got m=" + m + ", beam_width=" + beamWidth + ")");
            }
            nprobe = nprobe == 0 ? Math.min(Limits.DEFAULT_NPROBE, centroids) : nprobe;
            if (nprobe < 1 || nprobe > centroids) {
                throw PyropeException.invalid("nprobe must be 1.." + centroids + " (the number of IVF lists, set by "
                        + "centroids), got " + nprobe);
            }
        } else {
            if (nprobe != 0) {
                throw PyropeException.invalid("nprobe applies to IVF indexes only; an HNSW index searches with ef: "
                        + "leave nprobe 0, got " + nprobe);
            }
            m = m == 0 ? Limits.DEFAULT_M : m;
            beamWidth = beamWidth == 0 ? Limits.DEFAULT_BEAM : beamWidth;
            if (m < Limits.MIN_M || m > Limits.MAX_M) {
                throw PyropeException.invalid("m must be " + Limits.MIN_M + ".." + Limits.MAX_M + ", got " + m);
            }
            if (beamWidth < Limits.MIN_BEAM || beamWidth > Limits.MAX_BEAM) {
                throw PyropeException.invalid("beam_width must be " + Limits.MIN_BEAM + ".." + Limits.MAX_BEAM + ", got " + beamWidth);
            }
        }
        embeddingModel = embeddingModel == null ? "" : embeddingModel;
        if (!embeddingModel.isEmpty() && !VALID_MODEL.matcher(embeddingModel).matches()) {
            throw PyropeException.invalid("embedding_model must be 1.." + Limits.MAX_MODEL_ID
                    + " characters of [A-Za-z0-9._:/-], got '" + embeddingModel + "'");
        }
    }

    /** An HNSW spec for vectors only (the spec before IVF and text input existed). */
    public IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids) {
        this(name, dimension, metric, m, beamWidth, centroids, IndexType.HNSW, 0, "");
    }

    /** A vectors-only spec of a given type. */
    public IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids, IndexType type, int nprobe) {
        this(name, dimension, metric, m, beamWidth, centroids, type, nprobe, "");
    }

    /** An HNSW spec whose vectors come from text through {@code embeddingModel} ("" = vectors only). */
    public IndexSpec(String name, int dimension, Metric metric, int m, int beamWidth, int centroids, String embeddingModel) {
        this(name, dimension, metric, m, beamWidth, centroids, IndexType.HNSW, 0, embeddingModel);
    }

    /** True when text input is accepted (the index records an embedding model). */
    public boolean acceptsText() {
        return !embeddingModel.isEmpty();
    }

    public IndexSpec withEmbedding(String model, int dim) {
        return new IndexSpec(name, dim, metric, m, beamWidth, centroids, type, nprobe, model);
    }

    /** An IVF spec with {@code lists} inverted lists (0 = default) and a default nprobe (0 = default). */
    public static IndexSpec ivf(String name, int dimension, Metric metric, int lists, int nprobe) {
        return new IndexSpec(name, dimension, metric, 0, 0, lists, IndexType.IVF, nprobe, "");
    }

    public boolean isIvf() {
        return type == IndexType.IVF;
    }

    /** The nprobe a search of this index uses: {@code requested} if set (> 0), else the default; 0 for HNSW. */
    public int resolveNprobe(int requested) {
        return isIvf() ? (requested > 0 ? requested : nprobe) : 0;
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
