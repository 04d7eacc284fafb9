package io.pyrope.node.tenant;

/**
 * A tenant as stored in the REPLICATED metadata cache. A plain class on purpose: Ignite's binary
 * marshaller cannot read Java records back.
 */
public final class TenantEntry {
    private String id;
    private String displayName;
    private long createdAtMs;

    public TenantEntry() {
    }

    public TenantEntry(String id, String displayName, long createdAtMs) {
        this.id = id;
        this.displayName = displayName;
        this.createdAtMs = createdAtMs;
    }

    public String id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public long createdAtMs() {
        return createdAtMs;
    }

    @Override
    public String toString() {
        return "TenantEntry[" + id + "]";
    }
}
