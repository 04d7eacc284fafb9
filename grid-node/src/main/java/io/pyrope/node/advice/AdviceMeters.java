package io.pyrope.node.advice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters of the node's side of sidecar advice (every series registered at 0 up front):
 * {@code pyrope.advice.reports{outcome}} accesses sent, dropped because the queue was full, or
 * dropped because the sidecar could not be reached; {@code pyrope.advice.rules.pulled} successful
 * rule pulls; {@code pyrope.prefetch.requests{outcome}} warm-ups issued (searched, filled and
 * charged) or skipped by reason; {@code pyrope.advice.aliases.applied} suggested aliases stored.
 * (Calls and the circuit state are metered by the client, the prefetch spend by the budget meters.)
 */
final class AdviceMeters {
    static final List<String> REPORT_OUTCOMES = List.of("sent", "dropped_full", "dropped_unavailable");
    static final List<String> PREFETCH_OUTCOMES = List.of("issued", "skipped_budget", "skipped_cached", "skipped_recent",
            "skipped_queue_full", "skipped_stale", "failed");

    private final Map<String, Counter> reports = new ConcurrentHashMap<>();
    private final Map<String, Counter> prefetches = new ConcurrentHashMap<>();
    private final Counter rulesPulled;
    private final Counter aliasesApplied;

    AdviceMeters(MeterRegistry registry) {
        for (String o : REPORT_OUTCOMES) {
            reports.put(o, Counter.builder("pyrope.advice.reports").description("cluster accesses for the sidecar, by outcome")
                    .tag("outcome", o).register(registry));
        }
        for (String o : PREFETCH_OUTCOMES) {
            prefetches.put(o, Counter.builder("pyrope.prefetch.requests")
                    .description("predicted-cluster warm-ups: issued (searched, cached, charged) or skipped, by reason")
                    .tag("outcome", o).register(registry));
        }
        rulesPulled = Counter.builder("pyrope.advice.rules.pulled").description("prefetch rule sets pulled from the sidecar")
                .register(registry);
        aliasesApplied = Counter.builder("pyrope.advice.aliases.applied")
                .description("aliases suggested by the sidecar and stored").register(registry);
    }

    void reports(String outcome, long n) {
        reports.get(outcome).increment(n);
    }

    void prefetch(String outcome) {
        prefetches.get(outcome).increment();
    }

    void rulesPulled() {
        rulesPulled.increment();
    }

    void aliasApplied() {
        aliasesApplied.increment();
    }
}
