package io.pyrope.sidecar.llm;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** One admitted request and its progress through the failover chain. Guarded by the dispatcher. */
final class Job {

    final LlmRequest request;
    final String key;
    final Priority priority;
    final long seq;
    final Instant deadline;
    final CompletableFuture<LlmResponse> future = new CompletableFuture<>();

    int providerIndex;
    int attemptsOnProvider;
    int totalAttempts;
    Instant notBefore;
    String lastFailure = "";

    Job(LlmRequest request, Priority priority, long seq, Instant now, Instant deadline) {
        this.request = request;
        this.key = request.key();
        this.priority = priority;
        this.seq = seq;
        this.notBefore = now;
        this.deadline = deadline;
    }
}
