package io.pyrope.sidecar.llm;

import io.pyrope.sidecar.time.Parker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs LLM requests: priority queue with size limits and per-priority deadlines, folding of
 * identical in-flight requests, rate limiting, bounded retries with back-off, circuit-broken
 * failover and, whatever happens, an answer from the offline provider as the last resort.
 *
 * <p>One attempt per dequeue: a request that must wait (back-off, Retry-After, rate limit) goes
 * back into the queue with a not-before time instead of holding a worker, so other requests run
 * meanwhile. Every path ends because attempts per provider are capped, providers are finite, and
 * each request has a deadline after which it is answered offline. The returned futures always
 * complete normally. Owns its worker threads; {@link #close()} stops them.
 */
public final class LlmDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmDispatcher.class);

    private final FailoverChain chain;
    private final RateLimiter limiter;
    private final RetryPolicy retry;
    private final DispatcherSettings settings;
    private final Clock clock;
    private final Parker parker;
    private final BiConsumer<LlmRequest, LlmResponse> onCompleted;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final RequestQueue queue;
    private final Map<String, Job> inFlight = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private long nextSeq;
    private boolean closed;
    private boolean ownsChain;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong folded = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimitWaits = new AtomicLong();
    private final AtomicLong remoteSuccesses = new AtomicLong();
    private final AtomicLong offlineFallbacks = new AtomicLong();

    /**
     * @param onCompleted called once per request (not per folded caller) before its futures
     *                    complete: usage tracking, caching and the replay log hang off it
     */
    public LlmDispatcher(FailoverChain chain, RateLimiter limiter, RetryPolicy retry, DispatcherSettings settings,
                         Clock clock, Parker parker, BiConsumer<LlmRequest, LlmResponse> onCompleted) {
        this.chain = chain;
        this.limiter = limiter;
        this.retry = retry;
        this.settings = settings;
        this.clock = clock;
        this.parker = parker;
        this.onCompleted = onCompleted;
        this.queue = new RequestQueue(settings.queueLimits());
        for (int i = 0; i < settings.workers(); i++) {
            Thread t = new Thread(this::workLoop, "llm-dispatcher-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /** Makes {@link #close()} close the chain's providers too. Returns this. */
    public LlmDispatcher ownChain(FailoverChain owned) {
        if (owned != chain) {
            throw new IllegalArgumentException("not this dispatcher's chain");
        }
        ownsChain = true;
        return this;
    }

    /** Queues a request; the future completes normally, with an offline answer if need be. */
    public CompletableFuture<LlmResponse> submit(LlmRequest request, Priority priority) {
        submitted.incrementAndGet();
        String reason;
        lock.lock();
        try {
            Job existing = inFlight.get(request.key());
            if (existing != null) {
                folded.incrementAndGet();
                return existing.future.copy();
            }
            if (closed) {
                reason = "shutdown";
            } else {
                Instant now = clock.instant();
                Job job = new Job(request, priority, nextSeq++, now, now.plus(settings.timeouts().get(priority)));
                if (queue.offer(job)) {
                    inFlight.put(job.key, job);
                    changed.signal();
                    return job.future.copy();
                }
                rejected.incrementAndGet();
                reason = "queue full (" + priority + ")";
            }
        } finally {
            lock.unlock();
        }
        return CompletableFuture.completedFuture(offline(request, reason, 0));
    }

    private void workLoop() {
        while (true) {
            Job job;
            List<Job> expired = new ArrayList<>();
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        return;
                    }
                    Instant now = clock.instant();
                    expired.addAll(queue.drainExpired(now));
                    if (!expired.isEmpty()) {
                        job = null;
                        break;
                    }
                    job = queue.pollReady(now);
                    if (job != null) {
                        break;
                    }
                    Instant wake = queue.nextWakeup();
                    if (wake == null) {
                        changed.await();
                    } else {
                        parker.park(changed, Duration.between(now, wake));
                    }
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            for (Job e : expired) {
                timedOut.incrementAndGet();
                finish(e, offline(e.request, "timeout in queue" + suffix(e), e.totalAttempts));
            }
            if (job != null) {
                attempt(job);
            }
        }
    }

    /** One step for a job: at most one remote call, then finish or park it again. */
    private void attempt(Job job) {
        OptionalInt acquired = chain.acquire(job.providerIndex);
        if (acquired.isEmpty()) {
            finish(job, offline(job.request, "no provider available" + suffix(job), job.totalAttempts));
            return;
        }
        int index = acquired.getAsInt();
        if (index != job.providerIndex) {
            job.providerIndex = index;
            job.attemptsOnProvider = 0;
        }
        int estimate = TokenEstimator.promptTokens(job.request) + job.request.maxTokens();
        Duration wait = limiter.tryReserve(estimate);
        if (!wait.isZero()) {
            // No call was made: give a half-open probe slot back without judging the provider.
            chain.release(index);
            rateLimitWaits.incrementAndGet();
            park(job, wait, "rate limited");
            return;
        }
        LlmProvider provider = chain.provider(index);
        job.attemptsOnProvider++;
        job.totalAttempts++;
        try {
            LlmResponse response = provider.complete(job.request);
            chain.onSuccess(index);
            limiter.settle(estimate, response.usage().totalTokens());
            remoteSuccesses.incrementAndGet();
            finish(job, response.withAttempts(job.totalAttempts));
        } catch (LlmException e) {
            chain.onFailure(index);
            limiter.settle(estimate, 0);
            job.lastFailure = e.kind().name();
            LOG.debug("{} attempt {} failed: {}", provider.name(), job.attemptsOnProvider, e.getMessage());
            retry.nextDelay(job.attemptsOnProvider, e).ifPresentOrElse(delay -> {
                retries.incrementAndGet();
                park(job, delay, e.kind().name());
            }, () -> failOver(job));
        }
    }

    private void failOver(Job job) {
        job.providerIndex++;
        job.attemptsOnProvider = 0;
        if (job.providerIndex >= chain.size()) {
            finish(job, offline(job.request, "providers failed" + suffix(job), job.totalAttempts));
        } else {
            park(job, Duration.ZERO, "failover");
        }
    }

    /** Re-queues a job to run after {@code delay}, unless that would pass its deadline. */
    private void park(Job job, Duration delay, String why) {
        Instant at = clock.instant().plus(delay);
        if (at.isAfter(job.deadline)) {
            if (why.equals("rate limited") || job.providerIndex + 1 >= chain.size()) {
                finish(job, offline(job.request, why + ", deadline too close" + suffix(job), job.totalAttempts));
            } else {
                failOver(job);
            }
            return;
        }
        lock.lock();
        try {
            if (closed) {
                job.notBefore = at;
            } else {
                job.notBefore = at;
                queue.requeue(job);
                changed.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        finish(job, offline(job.request, "shutdown", job.totalAttempts));
    }

    private LlmResponse offline(LlmRequest request, String reason, int attempts) {
        offlineFallbacks.incrementAndGet();
        return chain.offline().complete(request).withAttempts(attempts).withFallbackReason(reason);
    }

    private static String suffix(Job job) {
        return job.lastFailure.isEmpty() ? "" : " (last: " + job.lastFailure + ")";
    }

    private void finish(Job job, LlmResponse response) {
        lock.lock();
        try {
            inFlight.remove(job.key, job);
        } finally {
            lock.unlock();
        }
        try {
            onCompleted.accept(job.request, response);
        } catch (RuntimeException e) {
            LOG.warn("completion hook failed: {}", e.toString());
        }
        job.future.complete(response);
    }

    public DispatcherStats stats() {
        lock.lock();
        try {
            return new DispatcherStats(submitted.get(), folded.get(), rejected.get(), timedOut.get(), retries.get(),
                    rateLimitWaits.get(), remoteSuccesses.get(), offlineFallbacks.get(), queue.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the workers (interrupting any blocked HTTP call) and answers every waiting request
     * offline, so no caller is left blocked. Waits at most two seconds for the workers.
     */
    @Override
    public void close() {
        List<Job> waiting;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            waiting = queue.drainAll();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        workers.forEach(Thread::interrupt);
        for (Job job : waiting) {
            finish(job, offline(job.request, "shutdown", job.totalAttempts));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread t : workers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (ownsChain) {
            chain.close();
        }
    }

    public List<FailoverChain.ProviderHealth> health() {
        return chain.health();
    }
}
