package io.pyrope.domain;

/** What searches of a tenant get once its monthly budget is spent. */
public enum ExhaustedAction {
    /** RESOURCE_EXHAUSTED until the next month (or a larger budget). */
    REJECT,
    /** Searches run at the policy's minimum effort, and are still charged. */
    MIN_EFFORT,
    /** Only cached answers; a search no cache can answer is RESOURCE_EXHAUSTED. */
    CACHE_ONLY
}
