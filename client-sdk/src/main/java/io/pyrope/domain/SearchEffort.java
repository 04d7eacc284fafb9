package io.pyrope.domain;

/**
 * The default search effort (ef) of a graph search when the request leaves ef at 0. Recall at a
 * fixed ef falls as a graph grows (on the bench's clustered data, M 32: ef 64 gives recall@10
 * 0.993 at 100k vectors but 0.87 at 1M), so the default grows with the size of the graph searched:
 * {@link Limits#DEFAULT_EF} up to {@link #FLAT_UP_TO} vectors, then one more DEFAULT_EF for every
 * doubling beyond. Never below top_k. Each graph segment resolves its own default, and a response
 * reports the largest ef any graph used.
 */
public final class SearchEffort {
    /** Graphs up to this size search with DEFAULT_EF by default. */
    public static final long FLAT_UP_TO = 100_000;

    private SearchEffort() {
    }

    /** The ef for a graph of {@code graphSize} vectors: {@code requested} if set (> 0), else the default; never below topK. */
    public static int resolve(int requested, int topK, long graphSize) {
        return Math.max(topK, requested > 0 ? requested : defaultEf(graphSize));
    }

    /** DEFAULT_EF × (1 + log2(size / FLAT_UP_TO)) above FLAT_UP_TO, capped at MAX_EF. */
    public static int defaultEf(long graphSize) {
        if (graphSize <= FLAT_UP_TO) {
            return Limits.DEFAULT_EF;
        }
        double doublings = Math.log((double) graphSize / FLAT_UP_TO) / Math.log(2);
        return (int) Math.min(Limits.MAX_EF, Math.round(Limits.DEFAULT_EF * (1 + doublings)));
    }
}
