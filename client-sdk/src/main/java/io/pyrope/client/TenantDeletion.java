package io.pyrope.client;

/** What DeleteTenant removed: the tenant's indexes (with their vectors) and its API keys. */
public record TenantDeletion(int droppedIndexes, int revokedKeys) {
}
