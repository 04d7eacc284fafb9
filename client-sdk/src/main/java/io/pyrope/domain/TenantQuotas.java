package io.pyrope.domain;

/**
 * Per-tenant limits. Zero means unlimited for every field.
 *
 * @param requestsPerSecond cluster-wide request rate (token bucket refill rate)
 * @param burst             token bucket capacity (requests that may arrive at once); 0 = one second's worth
 * @param maxVectors        vectors stored over all the tenant's indexes
 * @param maxIndexes        indexes of the tenant
 * @param maxRequestBytes   size of one request message
 */
public record TenantQuotas(double requestsPerSecond, int burst, long maxVectors, int maxIndexes, int maxRequestBytes) {
    public static final TenantQuotas UNLIMITED = new TenantQuotas(0, 0, 0, 0, 0);

    public TenantQuotas {
        if (!(requestsPerSecond >= 0) || Double.isInfinite(requestsPerSecond)) {
            throw PyropeException.invalid("requests_per_second must be a finite number >= 0 (0 = unlimited), got " + requestsPerSecond);
        }
        requireNonNegative("burst", burst);
        requireNonNegative("max_vectors", maxVectors);
        requireNonNegative("max_indexes", maxIndexes);
        requireNonNegative("max_request_bytes", maxRequestBytes);
    }

    /** The bucket capacity: {@code burst}, or one second of the rate (at least 1). */
    public double bucketCapacity() {
        return burst > 0 ? burst : Math.max(1.0, requestsPerSecond);
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw PyropeException.invalid(name + " must be >= 0 (0 = unlimited), got " + value);
        }
    }
}
