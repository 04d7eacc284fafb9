package io.pyrope.compute.centroid;

import io.pyrope.compute.catalog.StoredCentroids;

import java.time.Duration;

/**
 * When an index's centroids are (re)trained: first once it holds {@code minVectors}, then each
 * time it has grown by {@code growthFactor} since the last training, at most once per
 * {@code minInterval}. Training uses up to {@code sampleSize} vectors.
 */
public record RetrainPolicy(long minVectors, double growthFactor, Duration minInterval, int sampleSize) {
    public static final RetrainPolicy DEFAULTS = new RetrainPolicy(32, 2.0, Duration.ofSeconds(10), 20_000);

    public RetrainPolicy {
        if (minVectors < 1 || growthFactor <= 1.0 || minInterval.isNegative() || sampleSize < 1) {
            throw new IllegalArgumentException("invalid retrain policy: minVectors >= 1, growthFactor > 1, "
                    + "minInterval >= 0 and sampleSize >= 1 required");
        }
    }

    public boolean due(long liveVectors, StoredCentroids current, long nowMs) {
        if (current == null) {
            return liveVectors >= minVectors;
        }
        return liveVectors >= current.trainedOnVectors() * growthFactor
                && nowMs - current.trainedAtMs() >= minInterval.toMillis();
    }
}
