package io.pyrope.domain;

/**
 * A search's result with how it was answered: the cache level, the similarity of a semantic hit
 * (0 otherwise) and the server-side time spent in the search pipeline.
 */
public record SearchOutcome(SearchResult result, CacheLevel level, float similarity, long serverNanos) {
    public SearchOutcome {
        if (result == null || level == null) {
            throw new IllegalArgumentException("result and level are required");
        }
    }
}
