package io.pyrope.domain;

import java.util.regex.Pattern;

/** A tenant's identifier: 1..64 characters of [a-z0-9_-]. */
public record TenantId(String value) {
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (Limits.MAX_TENANT_ID - 1) + "}");

    public static final TenantId DEFAULT = new TenantId("default");

    public TenantId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw PyropeException.invalid("tenant id must be 1.." + Limits.MAX_TENANT_ID
                    + " characters of [a-z0-9_-] starting with a letter or digit, got '" + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
