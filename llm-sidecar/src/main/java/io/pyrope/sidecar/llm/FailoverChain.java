package io.pyrope.sidecar.llm;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remote providers in order of preference, each behind its own circuit breaker, and the offline
 * provider that always answers when none of them can. Tracks per-provider health.
 */
public final class FailoverChain implements AutoCloseable {

    /** Health of one provider, for logs and tests. */
    public record ProviderHealth(String name, CircuitBreaker.State state, int consecutiveFailures,
                                 long successes, long failures) {
    }

    private record Slot(LlmProvider provider, CircuitBreaker breaker, AtomicLong successes, AtomicLong failures) {
    }

    private final List<Slot> slots;
    private final OfflineProvider offline;

    public FailoverChain(List<? extends LlmProvider> providers, OfflineProvider offline,
                         int failureThreshold, Duration openFor, Clock clock) {
        List<Slot> built = new ArrayList<>();
        for (LlmProvider p : providers) {
            built.add(new Slot(p, new CircuitBreaker(failureThreshold, openFor, clock), new AtomicLong(), new AtomicLong()));
        }
        this.slots = List.copyOf(built);
        this.offline = offline;
    }

    /** Number of remote providers (the offline one is not counted). */
    public int size() {
        return slots.size();
    }

    public LlmProvider provider(int index) {
        return slots.get(index).provider();
    }

    public OfflineProvider offline() {
        return offline;
    }

    /**
     * The first provider at or after {@code from} whose breaker admits a call now. The caller must
     * report the outcome with {@link #onSuccess} or {@link #onFailure}.
     */
    public OptionalInt acquire(int from) {
        for (int i = Math.max(0, from); i < slots.size(); i++) {
            if (slots.get(i).breaker().tryAcquire()) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    public void onSuccess(int index) {
        Slot slot = slots.get(index);
        slot.successes().incrementAndGet();
        slot.breaker().onSuccess();
    }

    /** An acquired slot that was not used after all (e.g. rate limited). */
    public void release(int index) {
        slots.get(index).breaker().release();
    }

    public void onFailure(int index) {
        Slot slot = slots.get(index);
        slot.failures().incrementAndGet();
        slot.breaker().onFailure();
    }

    public List<ProviderHealth> health() {
        return slots.stream().map(s -> new ProviderHealth(s.provider().name(), s.breaker().state(),
                s.breaker().consecutiveFailures(), s.successes().get(), s.failures().get())).toList();
    }

    @Override
    public void close() {
        slots.forEach(s -> s.provider().close());
    }
}
