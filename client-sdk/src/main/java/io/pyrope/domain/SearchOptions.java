package io.pyrope.domain;

/**
 * How a search uses the result caches: {@code bypassCache} skips every level (the search runs and
 * its result is not stored); {@code queryKey} (e.g. the query's text, at most 1,024 characters,
 * "" for none) names the query for keyed results and canonical aliases.
 */
public record SearchOptions(boolean bypassCache, String queryKey) {
    public static final SearchOptions DEFAULT = new SearchOptions(false, "");

    public SearchOptions {
        queryKey = queryKey == null ? "" : queryKey;
    }

    public static SearchOptions bypassing() {
        return new SearchOptions(true, "");
    }

    public static SearchOptions keyed(String queryKey) {
        return new SearchOptions(false, queryKey);
    }
}
