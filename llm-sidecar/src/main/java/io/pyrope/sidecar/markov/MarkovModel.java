package io.pyrope.sidecar.markov;

import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * First-order Markov model of semantic-cluster accesses per (tenant, index), learned from the
 * consecutive accesses of each session. Memory is bounded three ways (sessions, indexes, states
 * per index, plus targets per state), each evicting the least recently used entry. Thread-safe:
 * the session map and each table have their own short critical sections, never nested.
 */
public final class MarkovModel {

    private record SessionKey(String tenant, String index, String session) {
    }

    private record LastAccess(int cluster, long timestampMs) {
    }

    private record ModelKey(String tenant, String index) {
    }

    private final MarkovSettings settings;
    private final Clock clock;
    private final LinkedHashMap<SessionKey, LastAccess> sessions;
    private final LinkedHashMap<ModelKey, TransitionTable> tables;

    public MarkovModel(MarkovSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.sessions = lru(settings.maxSessions());
        this.tables = lru(settings.maxIndexes());
    }

    private static <K, V> LinkedHashMap<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    /** Records one access; returns false (and ignores it) when it is malformed. */
    public boolean record(ClusterAccess access) {
        if (!access.isValid()) {
            return false;
        }
        SessionKey key = new SessionKey(access.tenant(), access.index(), access.sessionId());
        LastAccess previous;
        synchronized (sessions) {
            previous = sessions.get(key);
            if (previous != null && access.timestampMs() < previous.timestampMs()) {
                return true; // late arrival: too old to be a transition, and must not rewind the session
            }
            sessions.put(key, new LastAccess(access.clusterId(), access.timestampMs()));
        }
        if (previous == null || previous.cluster() == access.clusterId()) {
            return true; // first access, or staying in the same cluster: nothing to prefetch
        }
        long gap = access.timestampMs() - previous.timestampMs();
        if (gap > settings.sessionGap().toMillis()) {
            return true;
        }
        table(new ModelKey(access.tenant(), access.index()), true)
                .observe(previous.cluster(), access.clusterId(), gap, clock.millis());
        return true;
    }

    /**
     * Rules above the probability and support thresholds, most probable first.
     *
     * @param from     only rules out of this cluster, or all when null
     * @param maxRules overall cap (0 = no cap beyond the per-state one)
     */
    public List<PrefetchRule> rules(String tenant, String index, Integer from, int maxRules) {
        TransitionTable table = table(new ModelKey(tenant, index), false);
        if (table == null) {
            return List.of();
        }
        List<PrefetchRule> rules = table.rules(from, clock.millis());
        rules.sort(Comparator.comparingDouble(PrefetchRule::probability).reversed()
                .thenComparingInt(PrefetchRule::from).thenComparingInt(PrefetchRule::to));
        return maxRules > 0 && rules.size() > maxRules ? List.copyOf(rules.subList(0, maxRules)) : List.copyOf(rules);
    }

    /** P(to | from) without thresholds; 0 when unknown. */
    public double probability(String tenant, String index, int from, int to) {
        TransitionTable table = table(new ModelKey(tenant, index), false);
        return table == null ? 0 : table.probability(from, to);
    }

    /** Decayed number of transitions observed out of {@code from}. */
    public double support(String tenant, String index, int from) {
        TransitionTable table = table(new ModelKey(tenant, index), false);
        return table == null ? 0 : table.support(from, clock.millis());
    }

    public int sessionCount() {
        synchronized (sessions) {
            return sessions.size();
        }
    }

    public int indexCount() {
        synchronized (tables) {
            return tables.size();
        }
    }

    public int stateCount(String tenant, String index) {
        TransitionTable table = table(new ModelKey(tenant, index), false);
        return table == null ? 0 : table.states();
    }

    public int maxTargetsPerState(String tenant, String index) {
        TransitionTable table = table(new ModelKey(tenant, index), false);
        return table == null ? 0 : table.maxTargets();
    }

    private TransitionTable table(ModelKey key, boolean create) {
        synchronized (tables) {
            return create ? tables.computeIfAbsent(key, k -> new TransitionTable(settings)) : tables.get(key);
        }
    }
}
