package io.pyrope.compute.catalog;

/**
 * The semantic centroids of one index as stored cluster-wide: version, count, dimension, the
 * centroids as one flat row-major array, and the number of vectors they were trained on.
 */
public final class StoredCentroids {
    private final long version;
    private final int k;
    private final int dimension;
    private final float[] data;
    private final long trainedOnVectors;
    private final long trainedAtMs;

    public StoredCentroids(long version, int k, int dimension, float[] data, long trainedOnVectors, long trainedAtMs) {
        if (data.length != k * dimension) {
            throw new IllegalArgumentException("centroid data has " + data.length + " floats, expected " + k * dimension);
        }
        this.version = version;
        this.k = k;
        this.dimension = dimension;
        this.data = data;
        this.trainedOnVectors = trainedOnVectors;
        this.trainedAtMs = trainedAtMs;
    }

    public long version() {
        return version;
    }

    public int k() {
        return k;
    }

    public int dimension() {
        return dimension;
    }

    /** Row-major k × dimension; callers must not modify it. */
    public float[] data() {
        return data;
    }

    public long trainedOnVectors() {
        return trainedOnVectors;
    }

    public long trainedAtMs() {
        return trainedAtMs;
    }
}
