package io.pyrope.node.quota;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.IndexInfo;
import io.pyrope.domain.QuotaExceededException;
import io.pyrope.domain.TenantId;
import io.pyrope.domain.TenantQuotas;
import io.pyrope.domain.VectorRecord;
import io.pyrope.node.budget.BudgetMeters;
import io.pyrope.node.budget.UsageLedger;
import io.pyrope.node.tenant.TenantPolicyStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Enforces a tenant's quotas before a request does anything: message size and the cluster-wide
 * request rate on every request; the number of indexes on CreateIndex; the number of vectors on
 * Upsert. Refusals are RESOURCE_EXHAUSTED naming the quota, with a retry hint where waiting helps.
 *
 * <p>The vector count is the cluster-wide count, remembered per tenant for {@value #COUNT_TTL_MS}
 * ms (counting is a broadcast): so the limit can be overshot by what the tenant writes within
 * that time from other nodes or concurrently. Near the limit, ids that already exist are not
 * counted as new (they are looked up), so updates still pass at the limit. Index creation races
 * likewise: concurrent creates can pass together.
 */
public final class QuotaGuard {
    static final long COUNT_TTL_MS = 1_000;

    private final TenantPolicyStore policies;
    private final ClusterRateLimiter rate;
    private final VectorGrid grid;
    private final UsageLedger ledger;
    private final BudgetMeters meters;
    private final Cache<String, Long> vectorCounts;

    public QuotaGuard(TenantPolicyStore policies, ClusterRateLimiter rate, VectorGrid grid, UsageLedger ledger,
                      BudgetMeters meters, Clock clock) {
        this.policies = policies;
        this.rate = rate;
        this.grid = grid;
        this.ledger = ledger;
        this.meters = meters;
        this.vectorCounts = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMillis(COUNT_TTL_MS))
                .ticker(() -> clock.millis() * 1_000_000L)
                .build();
    }

    /** Message size, then rate: {@code permits} requests (a search batch counts each search). */
    public void admit(TenantId tenant, int requestBytes, int permits) {
        TenantQuotas q = policies.get(tenant).quotas();
        if (q.maxRequestBytes() > 0 && requestBytes > q.maxRequestBytes()) {
            throw refuse(tenant, "request_bytes", new QuotaExceededException("request of " + requestBytes
                    + " bytes exceeds tenant '" + tenant + "''s max_request_bytes of " + q.maxRequestBytes()
                    + "; split it into smaller requests", 0));
        }
        try {
            rate.acquire(tenant, q, permits);
        } catch (QuotaExceededException e) {
            throw refuse(tenant, "rate", e);
        }
    }

    public void checkNewIndex(TenantId tenant) {
        int max = policies.get(tenant).quotas().maxIndexes();
        if (max > 0) {
            int have = grid.listIndexes(tenant).size();
            if (have >= max) {
                throw refuse(tenant, "indexes", new QuotaExceededException("tenant '" + tenant + "' has " + have
                        + " indexes, its max_indexes is " + max + "; drop one or ask for a higher quota", 0));
            }
        }
    }

    public void checkNewVectors(TenantId tenant, String index, List<VectorRecord> batch) {
        long max = policies.get(tenant).quotas().maxVectors();
        if (max <= 0) {
            return;
        }
        long have = vectorCounts.get(tenant.value(), k -> countVectors(tenant));
        long added = batch.size();
        if (have + added > max) {
            // Near the limit: replacing existing ids adds nothing.
            List<String> ids = new ArrayList<>(batch.size());
            batch.forEach(v -> ids.add(v.id()));
            added -= grid.get(tenant, index, ids, false).size();
        }
        if (have + added > max) {
            throw refuse(tenant, "vectors", new QuotaExceededException("tenant '" + tenant + "' stores " + have
                    + " vectors and this upsert adds " + added + ", above its max_vectors of " + max
                    + "; delete vectors or ask for a higher quota", 0));
        }
        long counted = added;
        vectorCounts.asMap().computeIfPresent(tenant.value(), (k, v) -> v + counted);
    }

    private long countVectors(TenantId tenant) {
        long total = 0;
        for (IndexInfo i : grid.listIndexes(tenant)) {
            total += i.vectorCount();
        }
        return total;
    }

    private QuotaExceededException refuse(TenantId tenant, String what, QuotaExceededException e) {
        ledger.countRejected(tenant);
        meters.rejected(what);
        return e;
    }
}
