package io.pyrope.sidecar;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.pyrope.internal.v1.GetPrefetchRulesRequest;
import io.pyrope.internal.v1.GetPrefetchRulesResponse;
import io.pyrope.internal.v1.GetTtlAdviceRequest;
import io.pyrope.internal.v1.GetTtlAdviceResponse;
import io.pyrope.internal.v1.ReportAccessesRequest;
import io.pyrope.internal.v1.ReportAccessesResponse;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import io.pyrope.internal.v1.SuggestAliasesResponse;
import io.pyrope.sidecar.advice.AliasAdvisor;
import io.pyrope.sidecar.advice.ClusterStats;
import io.pyrope.sidecar.advice.TtlAdvisor;
import io.pyrope.sidecar.markov.MarkovModel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Thin handlers: validate, convert at the edge ({@link ProtoConversions}), delegate. Advice calls
 * wait for the LLM at most the configured time and never past the caller's deadline (less a
 * margin for the reply), then answer from rules.
 */
final class SidecarGrpcService extends SidecarServiceGrpc.SidecarServiceImplBase {

    static final int MAX_TTL_CLUSTERS = 1_000;
    static final int MAX_ALIAS_TEXTS = 100;
    static final int MAX_ALIAS_TEXT_LENGTH = 2_000;
    private static final long REPLY_MARGIN_MS = 20;

    private final MarkovModel markov;
    private final TtlAdvisor ttl;
    private final AliasAdvisor aliases;
    private final Clock clock;
    private final int maxAccessesPerCall;
    private final Duration adviceWait;

    SidecarGrpcService(MarkovModel markov, TtlAdvisor ttl, AliasAdvisor aliases, Clock clock,
                       int maxAccessesPerCall, Duration adviceWait) {
        this.markov = markov;
        this.ttl = ttl;
        this.aliases = aliases;
        this.clock = clock;
        this.maxAccessesPerCall = maxAccessesPerCall;
        this.adviceWait = adviceWait;
    }

    @Override
    public void reportAccesses(ReportAccessesRequest request, StreamObserver<ReportAccessesResponse> out) {
        if (request.getAccessesCount() > maxAccessesPerCall) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("at most " + maxAccessesPerCall
                    + " accesses per call, got " + request.getAccessesCount()).asRuntimeException());
            return;
        }
        int accepted = 0;
        for (var access : request.getAccessesList()) {
            if (markov.record(ProtoConversions.access(access))) {
                accepted++;
            }
        }
        out.onNext(ReportAccessesResponse.newBuilder().setAccepted(accepted)
                .setRejected(request.getAccessesCount() - accepted).build());
        out.onCompleted();
    }

    @Override
    public void getPrefetchRules(GetPrefetchRulesRequest request, StreamObserver<GetPrefetchRulesResponse> out) {
        if (request.getTenant().isEmpty() || request.getIndex().isEmpty()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("tenant and index are required").asRuntimeException());
            return;
        }
        Integer from = request.hasFromCluster() ? request.getFromCluster() : null;
        var rules = markov.rules(request.getTenant(), request.getIndex(), from, request.getMaxRules());
        out.onNext(ProtoConversions.rules(rules, clock.millis()));
        out.onCompleted();
    }

    @Override
    public void getTtlAdvice(GetTtlAdviceRequest request, StreamObserver<GetTtlAdviceResponse> out) {
        if (request.getClustersCount() > MAX_TTL_CLUSTERS) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_TTL_CLUSTERS + " clusters per call")
                    .asRuntimeException());
            return;
        }
        List<ClusterStats> stats;
        try {
            stats = request.getClustersList().stream().map(ProtoConversions::stats).toList();
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        out.onNext(ProtoConversions.ttl(ttl.advise(stats, llmWait())));
        out.onCompleted();
    }

    @Override
    public void suggestAliases(SuggestAliasesRequest request, StreamObserver<SuggestAliasesResponse> out) {
        if (request.getTextsCount() > MAX_ALIAS_TEXTS
                || request.getTextsList().stream().anyMatch(t -> t.length() > MAX_ALIAS_TEXT_LENGTH)) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("at most " + MAX_ALIAS_TEXTS + " texts of at most "
                    + MAX_ALIAS_TEXT_LENGTH + " characters").asRuntimeException());
            return;
        }
        out.onNext(ProtoConversions.aliases(aliases.suggest(request.getTextsList(), llmWait())));
        out.onCompleted();
    }

    /** The configured wait, shortened so that the reply still beats the caller's deadline. */
    private Duration llmWait() {
        Deadline deadline = Context.current().getDeadline();
        if (deadline == null) {
            return adviceWait;
        }
        long left = deadline.timeRemaining(TimeUnit.MILLISECONDS) - REPLY_MARGIN_MS;
        return Duration.ofMillis(Math.max(0, Math.min(left, adviceWait.toMillis())));
    }
}
