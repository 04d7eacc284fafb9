package io.pyrope.domain;

/**
 * What a tenant's API key may do; each role includes the ones before it. The cluster admin key is
 * not a tenant key and has no role.
 */
public enum KeyRole {
    /** Search, get, describe and list indexes, read usage. */
    READER,
    /** Also upsert and delete vectors. */
    WRITER,
    /** Also create and drop indexes, issue and revoke the tenant's keys, read its policy. */
    TENANT_ADMIN;

    public boolean includes(KeyRole needed) {
        return ordinal() >= needed.ordinal();
    }
}
