package io.pyrope.bench;

import io.pyrope.api.v1.CacheLevel;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs {@link SessionWorkload} sessions against a node: {@code sessions} concurrent users, each
 * walking {@code steps} clusters (then a new session starts at a random cluster), one search per
 * step with its session id, {@code thinkMs} between a response and the next query. Records every
 * search: when it started, its latency, whether a result cache answered, whether it failed.
 * Bounded by the duration given to {@link #run}; stops by itself.
 */
public final class SessionRunner {
    /** One search: start (ns since the run started), latency, answered from cache, failed. */
    public record Sample(long startNanos, long latencyNanos, boolean hit, boolean failed) {
    }

    /** Figures over some samples. */
    public record Summary(int searches, double hitRate, double p50Ms, double p99Ms, int failed) {
        @Override
        public String toString() {
            return String.format("%5d searches  hit rate %5.1f %%  p50 %6.2f ms  p99 %6.2f ms  failed %d",
                    searches, 100 * hitRate, p50Ms, p99Ms, failed);
        }
    }

    private final SessionWorkload workload;
    private final Function<SearchRequest, SearchResponse> search;
    private final String index;
    private final int topK;
    private final long thinkMs;
    private final int steps;
    private final long seed;
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final List<String> firstErrors = Collections.synchronizedList(new ArrayList<>());

    public SessionRunner(SessionWorkload workload, Function<SearchRequest, SearchResponse> search, String index, int topK,
                         long thinkMs, int steps, long seed) {
        this.workload = workload;
        this.search = search;
        this.index = index;
        this.topK = topK;
        this.thinkMs = thinkMs;
        this.steps = steps;
        this.seed = seed;
    }

    /** Runs the sessions for {@code duration}; the samples in start order. */
    public List<Sample> run(int sessions, Duration duration) throws Exception {
        long t0 = System.nanoTime();
        long end = t0 + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        List<Future<List<Sample>>> users = new ArrayList<>();
        for (int u = 0; u < sessions; u++) {
            Random rnd = new Random(seed * 1_000 + u + sessionIds.get());
            users.add(pool.submit(() -> user(rnd, t0, end)));
        }
        List<Sample> all = new ArrayList<>();
        try {
            for (Future<List<Sample>> f : users) {
                all.addAll(f.get());
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        all.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return all;
    }

    private List<Sample> user(Random rnd, long t0, long end) throws InterruptedException {
        List<Sample> out = new ArrayList<>();
        while (System.nanoTime() < end) {
            String session = "session-" + seed + "-" + sessionIds.incrementAndGet();
            int cluster = rnd.nextInt(workload.clusters());
            for (int step = 0; step < steps && System.nanoTime() < end; step++) {
                SearchRequest.Builder r = SearchRequest.newBuilder().setIndex(index).setTopK(topK).setSessionId(session);
                for (float f : workload.query(cluster, rnd)) {
                    r.addQuery(f);
                }
                long start = System.nanoTime();
                boolean hit = false;
                boolean failed = false;
                try {
                    CacheLevel level = search.apply(r.build()).getCacheLevel();
                    hit = level == CacheLevel.CACHE_LEVEL_SEMANTIC || level == CacheLevel.CACHE_LEVEL_EXACT
                            || level == CacheLevel.CACHE_LEVEL_ALIAS_EXACT;
                } catch (RuntimeException e) {
                    failed = true;
                    if (firstErrors.size() < 5) {
                        firstErrors.add(e.toString());
                    }
                }
                long now = System.nanoTime();
                out.add(new Sample(start - t0, now - start, hit, failed));
                cluster = workload.next(cluster, rnd);
                TimeUnit.MILLISECONDS.sleep(thinkMs);
            }
        }
        return out;
    }

    /** The first few errors seen (empty when every search succeeded). */
    public List<String> firstErrors() {
        return List.copyOf(firstErrors);
    }

    /** Figures over the samples that started in [fromNanos, toNanos). */
    public static Summary summary(List<Sample> samples, long fromNanos, long toNanos) {
        List<Sample> in = samples.stream().filter(s -> s.startNanos() >= fromNanos && s.startNanos() < toNanos).toList();
        if (in.isEmpty()) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long hits = in.stream().filter(Sample::hit).count();
        int failed = (int) in.stream().filter(Sample::failed).count();
        Percentiles p = new Percentiles(in.stream().mapToLong(Sample::latencyNanos).toArray());
        return new Summary(in.size(), (double) hits / in.size(), p.millis(50), p.millis(99), failed);
    }

    public static Summary summary(List<Sample> samples) {
        return summary(samples, Long.MIN_VALUE, Long.MAX_VALUE);
    }
}
