package io.pyrope.sidecar.testing;

import io.pyrope.sidecar.llm.LlmException;
import io.pyrope.sidecar.llm.LlmProvider;
import io.pyrope.sidecar.llm.LlmRequest;
import io.pyrope.sidecar.llm.LlmResponse;
import io.pyrope.sidecar.llm.Usage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** In-memory provider: echoes the prompt; can be held at a gate to keep calls in flight. */
public final class ScriptedProvider implements LlmProvider {

    private final String name;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final CountDownLatch firstCall = new CountDownLatch(1);

    public ScriptedProvider(String name) {
        this.name = name;
    }

    /** Holds every call until {@link #open()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void open() {
        gate.countDown();
    }

    public boolean awaitFirstCall() throws InterruptedException {
        return firstCall.await(5, TimeUnit.SECONDS);
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String model() {
        return "test-model";
    }

    @Override
    public LlmResponse complete(LlmRequest request) throws LlmException {
        calls.add(request.prompt());
        firstCall.countDown();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmException(LlmException.Kind.UNAVAILABLE, "interrupted");
        }
        return LlmResponse.of("echo:" + request.prompt(), new Usage(1, 1, false), name, model());
    }
}
