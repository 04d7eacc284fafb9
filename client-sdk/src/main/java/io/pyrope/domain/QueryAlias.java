package io.pyrope.domain;

/** A canonical alias of a search query key, as GetAlias reports it; {@code active} = searches use it now. */
public record QueryAlias(String canonicalKey, float confidence, long expiresAtMs, boolean active) {
}
