package io.pyrope.compute;

import io.pyrope.compute.centroid.RetrainPolicy;
import io.pyrope.shard.ShardEngineConfig;

import java.time.Duration;

/**
 * Tunables of a grid node beyond its network and storage settings.
 *
 * @param shardEngine            delta head, merge policy and indexing threads of the shards
 * @param centroidPolicy         when centroids are (re)trained
 * @param centroidCheckInterval  how often the trainer node checks; zero disables the background check
 * @param searchAttempts         scatter-gather attempts before an answer is returned as partial
 * @param searchRetryBackoff     pause before the second attempt (grows linearly)
 * @param baselineWait           with persistence, how long a restarting node waits for the missing baseline
 *                               nodes before activating without them (zero = no limit); see ClusterActivation
 */
public record GridOptions(ShardEngineConfig shardEngine, RetrainPolicy centroidPolicy, Duration centroidCheckInterval,
                          int searchAttempts, Duration searchRetryBackoff, Duration baselineWait) {
    public static final GridOptions DEFAULTS = new GridOptions(ShardEngineConfig.DEFAULTS, RetrainPolicy.DEFAULTS,
            Duration.ofSeconds(5), 3, Duration.ofMillis(50), Duration.ZERO);

    public GridOptions {
        if (searchAttempts < 1) {
            throw new IllegalArgumentException("searchAttempts must be at least 1");
        }
    }

    public GridOptions withCentroidCheckInterval(Duration interval) {
        return new GridOptions(shardEngine, centroidPolicy, interval, searchAttempts, searchRetryBackoff, baselineWait);
    }

    public GridOptions withShardEngine(ShardEngineConfig engine) {
        return new GridOptions(engine, centroidPolicy, centroidCheckInterval, searchAttempts, searchRetryBackoff, baselineWait);
    }

    public GridOptions withBaselineWait(Duration wait) {
        return new GridOptions(shardEngine, centroidPolicy, centroidCheckInterval, searchAttempts, searchRetryBackoff, wait);
    }

    public GridOptions withCentroidPolicy(RetrainPolicy policy) {
        return new GridOptions(shardEngine, policy, centroidCheckInterval, searchAttempts, searchRetryBackoff, baselineWait);
    }
}
