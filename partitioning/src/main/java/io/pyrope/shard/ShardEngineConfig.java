package io.pyrope.shard;

/**
 * Tunables of the node-local shard engine. Bound once (from the node config) and shared by every
 * shard of a {@link ShardRegistry}.
 *
 * @param headCapacity        entries a delta head holds; a full head is sealed on the write path
 *                            (O(1)) and a fresh one started, so writes never wait for indexing
 * @param headSealMin         the indexer seals a head holding at least this many entries as soon
 *                            as it is idle, so that little stays in the exactly-scanned head
 * @param mergeFactor         a tier of this many segments of similar size is merged into one
 * @param maxSegments         hard cap on graph segments; beyond it the smallest ones are merged
 * @param maxDeadRatio        a segment whose tombstones exceed this fraction is rewritten
 * @param exactSelectivity    a query whose filter and partitions admit less than this fraction
 *                            of the live entries is answered by an exact scan of the matches
 * @param exactMaxCandidates  at most this many candidate entries are always scanned exactly
 * @param indexingThreads     background threads for indexing (and the jvector build pool size)
 * @param indexQuietMillis    graph builds wait until the shard has had no write for this long, so
 *                            that a write burst is not slowed by builds competing for the CPU and
 *                            ends up as one graph instead of many small ones; 0 builds at once
 * @param maxUnindexed        ... unless this many entries wait unindexed (they are scanned
 *                            exactly by every search meanwhile), then building starts anyway
 */
public record ShardEngineConfig(int headCapacity, int headSealMin, int mergeFactor, int maxSegments,
                                double maxDeadRatio, double exactSelectivity, int exactMaxCandidates,
                                int indexingThreads, int indexQuietMillis, int maxUnindexed) {

    public static final ShardEngineConfig DEFAULTS =
            new ShardEngineConfig(4096, 256, 4, 4, 0.25, 0.03, 512, 2, 150, 32_768);

    public ShardEngineConfig {
        if (headCapacity < 1 || headSealMin < 1 || headSealMin > headCapacity) {
            throw new IllegalArgumentException("need 1 <= headSealMin <= headCapacity, got " + headSealMin + ", " + headCapacity);
        }
        if (mergeFactor < 2 || maxSegments < 1) {
            throw new IllegalArgumentException("need mergeFactor >= 2 and maxSegments >= 1");
        }
        if (!(maxDeadRatio > 0 && maxDeadRatio <= 1) || !(exactSelectivity >= 0 && exactSelectivity <= 1)) {
            throw new IllegalArgumentException("ratios must be in (0, 1]");
        }
        if (exactMaxCandidates < 0 || indexingThreads < 1) {
            throw new IllegalArgumentException("need exactMaxCandidates >= 0 and indexingThreads >= 1");
        }
        if (indexQuietMillis < 0 || maxUnindexed < headSealMin) {
            throw new IllegalArgumentException("need indexQuietMillis >= 0 and maxUnindexed >= headSealMin, got "
                    + indexQuietMillis + ", " + maxUnindexed);
        }
    }

    public ShardEngineConfig withHead(int capacity, int sealMin) {
        return new ShardEngineConfig(capacity, sealMin, mergeFactor, maxSegments, maxDeadRatio, exactSelectivity,
                exactMaxCandidates, indexingThreads, indexQuietMillis, Math.max(maxUnindexed, sealMin));
    }

    public ShardEngineConfig withMerge(int factor, int max) {
        return new ShardEngineConfig(headCapacity, headSealMin, factor, max, maxDeadRatio, exactSelectivity,
                exactMaxCandidates, indexingThreads, indexQuietMillis, maxUnindexed);
    }

    /** Build deferral during write bursts: see {@code indexQuietMillis} and {@code maxUnindexed}. */
    public ShardEngineConfig withDeferral(int quietMillis, int maxUnindexedEntries) {
        return new ShardEngineConfig(headCapacity, headSealMin, mergeFactor, maxSegments, maxDeadRatio, exactSelectivity,
                exactMaxCandidates, indexingThreads, quietMillis, maxUnindexedEntries);
    }
}
