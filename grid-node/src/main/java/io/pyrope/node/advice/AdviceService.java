package io.pyrope.node.advice;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.compute.VectorGrid;
import io.pyrope.domain.TenantId;
import io.pyrope.node.budget.EffortGovernor;
import io.pyrope.node.budget.SearchCharger;
import io.pyrope.node.cache.CacheProbe;
import io.pyrope.node.cache.ResultCache;
import io.pyrope.node.cache.ResultCaches;
import io.pyrope.node.config.NodeConfig;
import io.pyrope.node.search.AccessListener;
import io.pyrope.node.sidecar.Advice;
import io.pyrope.node.sidecar.SidecarAdviceClient;
import io.pyrope.node.tenant.TenantPolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The node's side of sidecar advice, wired from the {@code advice} and {@code prefetch} config: the
 * {@link AccessListener} the search pipeline calls (offer the access to the report queue; warm
 * the clusters the last rules predict), and one advice thread that drains the reports and pulls
 * rules, TTL and alias advice on their intervals, every call with a deadline through the client's
 * circuit breaker. Owns the advice thread, the warm-up pool and the client; {@link #close()}
 * stops them.
 */
public final class AdviceService implements AccessListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdviceService.class);
    /** An index not searched for this long gets no more advice. */
    static final long ACTIVE_WINDOW_MS = 10 * 60_000L;

    private final Clock clock;
    private final SidecarAdviceClient client;
    private final AccessReporter reporter;
    private final PrefetchRules rules;
    private final Optional<WarmUps> warmUps;
    private final ScheduledExecutorService thread;

    private AdviceService(Clock clock, SidecarAdviceClient client, AccessReporter reporter, PrefetchRules rules,
                          Optional<WarmUps> warmUps) {
        this.clock = clock;
        this.client = client;
        this.reporter = reporter;
        this.rules = rules;
        this.warmUps = warmUps;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pyrope-advice");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts advice when it is enabled and the result caches are on (prefetch fills them); empty
     * otherwise, and then searches report nothing.
     */
    public static Optional<AdviceService> start(NodeConfig config, ResultCaches caches, VectorGrid grid,
                                                TenantPolicyStore policies, EffortGovernor governor, SearchCharger charger,
                                                Clock clock, MeterRegistry meters) {
        NodeConfig.Advice a = config.advice();
        NodeConfig.Prefetch p = config.prefetch();
        if (!a.enabled() || caches.cache().isEmpty()) {
            LOG.info("sidecar advice off ({}): no access reports, prefetch, TTL or alias advice",
                    a.enabled() ? "caches.enabled is false" : "advice.enabled is false");
            return Optional.empty();
        }
        ResultCache cache = caches.cache().get();
        AdviceMeters adviceMeters = new AdviceMeters(meters);
        SidecarAdviceClient client = SidecarAdviceClient.connect(config.embedding().sidecarHost(),
                config.embedding().sidecarPort(), a.deadlineMs(), a.breakerFailures(), a.breakerOpenMs(), clock, meters);
        IndexActivity activity = new IndexActivity(ACTIVE_WINDOW_MS);
        AccessReporter reporter = new AccessReporter(a.reportQueue(), a.reportBatch(), client, activity, adviceMeters);
        PrefetchRules rules = new PrefetchRules(p.threshold(), p.maxTargets(), a.rulesMaxAgeMs());
        Gauge.builder("pyrope.advice.rules.indexes", rules, PrefetchRules::indexes)
                .description("indexes with prefetch rules from the sidecar").register(meters);
        Gauge.builder("pyrope.advice.reports.queued", reporter, AccessReporter::queued)
                .description("cluster accesses waiting to be reported to the sidecar").register(meters);
        AdvicePulls pulls = new AdvicePulls(client, activity, rules, cache, caches.ttlAdvice(), caches.aliases(),
                adviceMeters, 3 * a.ttlPullMs(), a.aliasTtlSeconds() * 1000);
        Optional<WarmUps> warmUps = p.enabled()
                ? Optional.of(new WarmUps(p.threads(), p.queue(), p.rewarmMs(), cache, grid, policies, governor, charger,
                        adviceMeters, clock))
                : Optional.empty();
        AdviceService service = new AdviceService(clock, client, reporter, rules, warmUps);
        service.schedule("report", a.reportIntervalMs(), now -> reporter.drain());
        if (p.enabled()) {
            service.schedule("rules", a.rulesPullMs(), pulls::pullRules);
        }
        if (a.ttlAdvice()) {
            service.schedule("ttl", a.ttlPullMs(), pulls::pullTtl);
        }
        if (a.aliasAdvice()) {
            service.schedule("alias", a.aliasPullMs(), pulls::pullAliases);
        }
        LOG.info("sidecar advice on: sidecar {}:{}, deadline {} ms, prefetch {}", config.embedding().sidecarHost(),
                config.embedding().sidecarPort(), a.deadlineMs(),
                p.enabled() ? "at P >= " + p.threshold() + ", " + p.maxTargets() + " clusters per search" : "off");
        return Optional.of(service);
    }

    private void schedule(String what, long everyMs, LongConsumer task) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                task.accept(clock.millis());
            } catch (RuntimeException e) {
                // Advice is optional: the next run tries again.
                LOG.warn("advice {} failed: {}", what, e.toString());
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    /** Search path: an offer to the report queue and, with rules for this cluster, warm-up requests. Never blocks. */
    @Override
    public void accessed(TenantId tenant, String index, String session, String queryKey, CacheProbe probe) {
        long now = clock.millis();
        reporter.offer(new AccessReporter.Observed(new Advice.Access(tenant, index, session, probe.cluster(), now),
                probe.centroidVersion(), probe.hit(), queryKey));
        if (warmUps.isPresent()) {
            for (PrefetchRules.Target t : rules.targets(tenant, index, probe.cluster(), now)) {
                warmUps.get().request(tenant, index, probe.query(), t.cluster(), probe.centroidVersion());
            }
        }
    }

    /** The warm-up pool; empty when prefetch is off (tests run warm-ups through it). */
    Optional<WarmUps> warmUps() {
        return warmUps;
    }

    /** The advice client (tests read its circuit state). */
    public SidecarAdviceClient client() {
        return client;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        warmUps.ifPresent(WarmUps::close);
        client.close();
    }
}
