package io.pyrope.sidecar.llm;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point to the LLM layer: response cache → budget check → dispatcher (queue, rate
 * limit, retries, failover) → usage/cost tracking, cache fill and replay log on completion. When
 * the budget is spent, requests go straight to the offline provider. Never fails a future.
 */
public final class LlmGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LlmGateway.class);

    private final ResponseCache cache;
    private final TokenTracker tracker;
    private final OfflineProvider offline;
    private final ReplayLog replayLog;
    private final AtomicLong budgetFallbacks = new AtomicLong();
    private LlmDispatcher dispatcher;

    /**
     * Two-step construction: the dispatcher needs {@link #onCompleted} as its hook.
     *
     * @param replayLog may be null (no recording)
     */
    public LlmGateway(ResponseCache cache, TokenTracker tracker, OfflineProvider offline, ReplayLog replayLog) {
        this.cache = cache;
        this.tracker = tracker;
        this.offline = offline;
        this.replayLog = replayLog;
    }

    /** Attaches the dispatcher (null = offline only). Call once, before {@link #submit}. */
    public synchronized LlmGateway attach(LlmDispatcher dispatcher) {
        if (this.dispatcher != null) {
            throw new IllegalStateException("dispatcher already attached");
        }
        this.dispatcher = dispatcher;
        return this;
    }

    public CompletableFuture<LlmResponse> submit(LlmRequest request, Priority priority) {
        var hit = cache.get(request);
        if (hit.isPresent()) {
            return CompletableFuture.completedFuture(hit.get());
        }
        LlmDispatcher d;
        synchronized (this) {
            d = dispatcher;
        }
        if (d == null) {
            return CompletableFuture.completedFuture(offline.complete(request).withFallbackReason("no LLM configured"));
        }
        if (tracker.exhausted()) {
            budgetFallbacks.incrementAndGet();
            return CompletableFuture.completedFuture(offline.complete(request).withFallbackReason("budget exhausted"));
        }
        return d.submit(request, priority);
    }

    /** Completion hook for the dispatcher: runs once per request. */
    public void onCompleted(LlmRequest request, LlmResponse response) {
        if (!response.isFallback() && !OfflineProvider.NAME.equals(response.provider())) {
            tracker.record(response.model(), response.usage());
            cache.put(request, response);
        }
        if (replayLog != null) {
            try {
                replayLog.append(request, response);
            } catch (RuntimeException e) {
                LOG.warn("replay log append failed: {}", e.toString());
            }
        }
    }

    public long budgetFallbacks() {
        return budgetFallbacks.get();
    }

    public TokenTracker tracker() {
        return tracker;
    }

    public ResponseCache cache() {
        return cache;
    }

    public synchronized LlmDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public void close() {
        LlmDispatcher d;
        synchronized (this) {
            d = dispatcher;
        }
        if (d != null) {
            d.close();
        }
        if (replayLog != null) {
            replayLog.close();
        }
    }
}
