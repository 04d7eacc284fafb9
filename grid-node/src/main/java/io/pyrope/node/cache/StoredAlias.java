package io.pyrope.node.cache;

/** A canonical alias as stored: target key, confidence, expiry. Plain final class (an Ignite cache value). Immutable. */
final class StoredAlias {
    private final String canonical;
    private final float confidence;
    private final long expiresAtMs;

    StoredAlias(String canonical, float confidence, long expiresAtMs) {
        this.canonical = canonical;
        this.confidence = confidence;
        this.expiresAtMs = expiresAtMs;
    }

    String canonical() {
        return canonical;
    }

    float confidence() {
        return confidence;
    }

    long expiresAtMs() {
        return expiresAtMs;
    }
}
