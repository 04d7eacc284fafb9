package io.pyrope.node.advice;

import io.pyrope.domain.PyropeException;
import io.pyrope.node.cache.AliasStore;
import io.pyrope.node.cache.ResultCache;
import io.pyrope.node.cache.TtlAdviceBook;
import io.pyrope.node.sidecar.Advice;
import io.pyrope.node.sidecar.SidecarAdviceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The periodic advice pulls for the indexes searched recently, each run on the advice thread:
 * prefetch rules into {@link PrefetchRules}; TTL advice (asked with each cluster's write heat,
 * hits and misses) into the {@link TtlAdviceBook}; alias suggestions for recent query keys into
 * the {@link AliasStore}, only confident ones and never over an existing alias. A pull that gets
 * no answer keeps what the node had (rules until they are too old, TTL advice until it lapses).
 */
final class AdvicePulls {
    private static final Logger LOG = LoggerFactory.getLogger(AdvicePulls.class);
    /** Longest query key an alias may have (as CacheService.SetAlias allows). */
    private static final int MAX_KEY_CHARS = 1024;

    private final SidecarAdviceClient client;
    private final IndexActivity activity;
    private final PrefetchRules rules;
    private final ResultCache cache;
    private final TtlAdviceBook ttlBook;
    private final AliasStore aliases;
    private final AdviceMeters meters;
    private final long ttlValidMs;
    private final long aliasTtlMs;

    /** @param ttlValidMs how long TTL advice stays in use without a fresh answer */
    AdvicePulls(SidecarAdviceClient client, IndexActivity activity, PrefetchRules rules, ResultCache cache,
                TtlAdviceBook ttlBook, AliasStore aliases, AdviceMeters meters, long ttlValidMs, long aliasTtlMs) {
        this.client = client;
        this.activity = activity;
        this.rules = rules;
        this.cache = cache;
        this.ttlBook = ttlBook;
        this.aliases = aliases;
        this.meters = meters;
        this.ttlValidMs = ttlValidMs;
        this.aliasTtlMs = aliasTtlMs;
    }

    /** Pulls the rules of every active index; returns how many indexes got fresh rules. */
    int pullRules(long nowMs) {
        List<IndexKey> active = activity.active(nowMs);
        rules.retainOnly(new HashSet<>(active));
        int pulled = 0;
        for (IndexKey k : active) {
            Optional<List<Advice.Rule>> got = client.rules(k.tenant(), k.index());
            if (got.isPresent()) {
                rules.replace(k, got.get(), nowMs);
                meters.rulesPulled();
                pulled++;
            }
        }
        return pulled;
    }

    /** Asks for TTL advice for the clusters searched since the last time; returns the clusters advised. */
    int pullTtl(long nowMs) {
        int advised = 0;
        for (IndexKey k : activity.active(nowMs)) {
            IndexActivity.ClusterCounts counts = activity.takeCounts(k);
            if (counts.hitsAndMisses().isEmpty()) {
                continue;
            }
            List<Advice.ClusterStats> stats = new ArrayList<>();
            counts.hitsAndMisses().forEach((cluster, hm) -> stats.add(new Advice.ClusterStats(cluster,
                    cache.writeHeat(k.tenant(), k.index(), counts.centroidVersion(), cluster), hm[0], hm[1])));
            Optional<List<Advice.Ttl>> got = client.ttl(k.tenant(), k.index(), stats);
            if (got.isPresent()) {
                Map<Integer, Long> byCluster = new HashMap<>();
                got.get().stream().filter(t -> t.ttlMs() > 0).forEach(t -> byCluster.put(t.cluster(), t.ttlMs()));
                ttlBook.put(k.tenant(), k.index(), counts.centroidVersion(), byCluster, nowMs + ttlValidMs);
                advised += byCluster.size();
            }
        }
        return advised;
    }

    /** Asks for canonical forms of the query keys seen since the last time; returns the aliases stored. */
    int pullAliases(long nowMs) {
        int stored = 0;
        for (IndexKey k : activity.active(nowMs)) {
            List<String> keys = activity.takeQueryKeys(k);
            if (keys.isEmpty()) {
                continue;
            }
            Optional<List<Advice.Alias>> got = client.aliases(k.tenant(), k.index(), keys);
            if (got.isEmpty()) {
                continue;
            }
            try {
                for (Advice.Alias a : got.get()) {
                    if (usable(a) && aliases.get(k.tenant(), k.index(), a.text()).isEmpty()) {
                        aliases.set(k.tenant(), k.index(), a.text(), a.canonical(), (float) a.confidence(), aliasTtlMs);
                        meters.aliasApplied();
                        stored++;
                    }
                }
            } catch (PyropeException e) {
                // The tenant's alias bound: its own aliases come first.
                LOG.info("alias advice for {}/{} not stored: {}", k.tenant(), k.index(), e.getMessage());
            }
        }
        return stored;
    }

    private boolean usable(Advice.Alias a) {
        return a.confidence() >= aliases.minConfidence() && a.confidence() <= 1.0 && !a.canonical().isBlank()
                && !a.canonical().equals(a.text()) && a.canonical().length() <= MAX_KEY_CHARS
                && a.text().length() <= MAX_KEY_CHARS;
    }
}
