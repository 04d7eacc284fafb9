package io.pyrope.client;

import io.pyrope.domain.EffortReason;
import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.KeyRole;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.SearchCharge;
import io.pyrope.domain.SearchResult;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantPolicy;
import io.pyrope.domain.TenantUsage;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The state shared by all views of one {@link InMemoryPyropeClient}: tenants, their indexes and keys. */
final class InMemoryStore {
    private final Clock clock;
    private final Map<TenantId, Map<String, InMemoryIndex>> tenants = new ConcurrentHashMap<>();
    private final Map<TenantId, TenantInfo> tenantInfo = new ConcurrentHashMap<>();
    private final Map<String, Key> keysBySecret = new ConcurrentHashMap<>();
    private final Map<String, Key> keysById = new ConcurrentHashMap<>();
    private final AtomicLong keySequence = new AtomicLong();
    private final Map<TenantId, TenantPolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, UsageCounter> usage = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** An issued key; {@code revoked} flips once. */
    static final class Key {
        final String keyId;
        final TenantId tenant;
        final KeyRole role;
        volatile boolean revoked;

        Key(String keyId, TenantId tenant, KeyRole role) {
            this.keyId = keyId;
            this.tenant = tenant;
            this.role = role;
        }
    }

    private final InMemoryLlmCache llmCache;
    private final InMemoryAliases aliases;

    /** Searches and cost charged to a tenant in one month. */
    private static final class UsageCounter {
        final AtomicLong searches = new AtomicLong();
        final java.util.concurrent.atomic.DoubleAdder spent = new java.util.concurrent.atomic.DoubleAdder();
    }

    InMemoryStore(Clock clock) {
        this.clock = clock;
        this.llmCache = new InMemoryLlmCache(clock);
        this.aliases = new InMemoryAliases(clock);
        tenants.put(TenantId.DEFAULT, new ConcurrentHashMap<>());
        tenantInfo.put(TenantId.DEFAULT, new TenantInfo(TenantId.DEFAULT, "Default tenant", clock.millis()));
    }

    InMemoryAliases aliases() {
        return aliases;
    }

    InMemoryLlmCache llmCache() {
        return llmCache;
    }

    long now() {
        return clock.millis();
    }

    /** The tenant of a key; UNAUTHENTICATED if unknown or revoked. */
    TenantId authenticate(String secret) {
        return key(secret).tenant;
    }

    Key key(String secret) {
        Key key = keysBySecret.get(secret);
        if (key == null || key.revoked) {
            throw new PyropeException(ErrorCode.UNAUTHENTICATED, "the API key is unknown or revoked");
        }
        return key;
    }

    void setPolicy(TenantId tenant, TenantPolicy policy) {
        requireTenant(tenant);
        policies.put(tenant, policy);
    }

    TenantPolicy policy(TenantId tenant) {
        requireTenant(tenant);
        return policies.getOrDefault(tenant, TenantPolicy.DEFAULT);
    }

    /** Counts a search and its cost (measured work / 1,000,000, as the server) in the current month. */
    SearchResult charge(TenantId tenant, SearchResult result) {
        double cost = result.work() / 1_000_000.0;
        UsageCounter c = usage.computeIfAbsent(usageKey(tenant, YearMonth.now(clock.withZone(ZoneOffset.UTC))), k -> new UsageCounter());
        c.searches.incrementAndGet();
        c.spent.add(cost);
        return result.withCharge(new SearchCharge(0, 0, 1.0, EffortReason.FULL, cost, cost));
    }

    TenantUsage usage(TenantId tenant, YearMonth month) {
        requireTenant(tenant);
        UsageCounter c = usage.get(usageKey(tenant, month == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)) : month));
        YearMonth m = month == null ? YearMonth.now(clock.withZone(ZoneOffset.UTC)) : month;
        double budget = policy(tenant).budget().monthlyBudget();
        return c == null ? new TenantUsage(m, 0, budget, 0, 0, 0) : new TenantUsage(m, c.spent.sum(), budget, c.searches.get(), 0, 0);
    }

    private static String usageKey(TenantId tenant, YearMonth month) {
        return tenant.value() + "|" + month;
    }

    private void requireTenant(TenantId tenant) {
        if (!tenants.containsKey(tenant)) {
            throw PyropeException.notFound("tenant '" + tenant + "' not found");
        }
    }

    InMemoryIndex index(TenantId tenant, String name) {
        IndexSpec.validateName(name);
        InMemoryIndex index = indexes(tenant).get(name);
        if (index == null) {
            // Same answer whether another tenant has the name or nobody does: no existence leak.
            throw PyropeException.notFound("index '" + name + "' not found");
        }
        return index;
    }

    IndexInfo createIndex(TenantId tenant, IndexSpec spec) {
        InMemoryIndex created = new InMemoryIndex(spec, now());
        if (indexes(tenant).putIfAbsent(spec.name(), created) != null) {
            throw new PyropeException(ErrorCode.ALREADY_EXISTS, "index '" + spec.name() + "' already exists");
        }
        return created.info();
    }

    long dropIndex(TenantId tenant, String name) {
        InMemoryIndex index = index(tenant, name);
        indexes(tenant).remove(name, index);
        return index.size();
    }

    List<IndexInfo> listIndexes(TenantId tenant) {
        List<IndexInfo> out = new ArrayList<>();
        for (InMemoryIndex index : indexes(tenant).values()) {
            out.add(index.info());
        }
        out.sort(Comparator.comparing(i -> i.spec().name()));
        return out;
    }

    ApiKey createTenant(TenantId tenant, String displayName) {
        if (tenants.putIfAbsent(tenant, new ConcurrentHashMap<>()) != null) {
            throw new PyropeException(ErrorCode.ALREADY_EXISTS, "tenant '" + tenant + "' already exists");
        }
        tenantInfo.put(tenant, new TenantInfo(tenant, displayName == null ? "" : displayName, now()));
        return issueKey(tenant, KeyRole.TENANT_ADMIN);
    }

    List<TenantInfo> listTenants() {
        List<TenantInfo> out = new ArrayList<>(tenantInfo.values());
        out.sort(Comparator.comparing(t -> t.id().value()));
        return out;
    }

    TenantDeletion deleteTenant(TenantId tenant) {
        Map<String, InMemoryIndex> indexes = tenants.remove(tenant);
        if (indexes == null) {
            throw PyropeException.notFound("tenant '" + tenant + "' not found");
        }
        tenantInfo.remove(tenant);
        int revoked = 0;
        for (Key key : keysById.values()) {
            if (key.tenant.equals(tenant) && !key.revoked) {
                key.revoked = true;
                revoked++;
            }
        }
        return new TenantDeletion(indexes.size(), revoked);
    }

    ApiKey issueKey(TenantId tenant, KeyRole role) {
        if (!tenants.containsKey(tenant)) {
            throw PyropeException.notFound("tenant '" + tenant + "' not found");
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = "pyr_" + HexFormat.of().formatHex(bytes);
        Key key = new Key("key-" + keySequence.incrementAndGet(), tenant, role);
        keysBySecret.put(secret, key);
        keysById.put(key.keyId, key);
        return new ApiKey(tenant, key.keyId, secret);
    }

    boolean revokeKey(String keyId) {
        Key key = keysById.get(keyId);
        if (key == null || key.revoked) {
            return false;
        }
        key.revoked = true;
        return true;
    }

    /** Per tenant, per index: (tenant, index, vectors). */
    List<ClusterInfo.Shard> shards() {
        List<ClusterInfo.Shard> out = new ArrayList<>();
        tenants.forEach((tenant, indexes) -> indexes.forEach((name, index) ->
                out.add(new ClusterInfo.Shard(tenant.value(), name, index.size(), 0, 1))));
        return out;
    }

    private Map<String, InMemoryIndex> indexes(TenantId tenant) {
        Map<String, InMemoryIndex> indexes = tenants.get(tenant);
        if (indexes == null) {
            throw new PyropeException(ErrorCode.UNAUTHENTICATED, "tenant '" + tenant + "' no longer exists");
        }
        return indexes;
    }
}
