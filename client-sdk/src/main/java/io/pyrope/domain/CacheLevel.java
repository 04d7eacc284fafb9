package io.pyrope.domain;

/** Which result-cache level answered a search. */
public enum CacheLevel {
    /** Searched: a miss, or the caches do not apply. */
    NONE,
    /** A fresh cached result of exactly the same request. */
    EXACT,
    /** A fresh cached result of a query within the similarity threshold. */
    SEMANTIC,
    /** The request asked to bypass the caches. */
    BYPASSED,
    /** The query key's canonical alias had a fresh cached result. */
    ALIAS_EXACT
}
