package io.pyrope.node.sidecar;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.domain.TenantId;
import io.pyrope.internal.v1.ClusterAccess;
import io.pyrope.internal.v1.GetPrefetchRulesRequest;
import io.pyrope.internal.v1.GetTtlAdviceRequest;
import io.pyrope.internal.v1.ReportAccessesRequest;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The node's client of the sidecar's advice service ({@code pyrope.internal.v1.SidecarService}).
 * Every call has a deadline and goes through one {@link CircuitBreaker}; a call that fails, times
 * out or is refused by an open circuit returns empty, never throws: advice is optional. While the
 * circuit is open nothing touches the network; its half-open probe first resets the channel's
 * reconnect backoff, so a restarted sidecar is found at the first probe. Protobuf types stay in
 * here. Meters: {@code pyrope.advice.calls{method,outcome}}, {@code pyrope.advice.circuit.state}
 * (0 closed, 1 half-open, 2 open), {@code pyrope.advice.circuit.opened}. Owns its channel.
 */
public final class SidecarAdviceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarAdviceClient.class);

    private final String address;
    private final ManagedChannel channel;
    private final SidecarServiceGrpc.SidecarServiceBlockingStub stub;
    private final long deadlineMs;
    private final CircuitBreaker breaker;
    private final long breakerOpenMs;
    private final MeterRegistry meters;
    private final Counter opened;

    /** @param address for logs */
    public SidecarAdviceClient(ManagedChannel channel, String address, long deadlineMs, int breakerFailures,
                               long breakerOpenMs, Clock clock, MeterRegistry meters) {
        this.channel = channel;
        this.address = address;
        this.stub = SidecarServiceGrpc.newBlockingStub(channel);
        this.deadlineMs = deadlineMs;
        this.meters = meters;
        this.breakerOpenMs = breakerOpenMs;
        this.opened = Counter.builder("pyrope.advice.circuit.opened")
                .description("times the circuit breaker over sidecar advice calls opened").register(meters);
        this.breaker = new CircuitBreaker(clock, breakerFailures, breakerOpenMs, this::stateChanged);
        Gauge.builder("pyrope.advice.circuit.state", breaker, b -> b.state().ordinal())
                .description("circuit breaker over sidecar advice calls: 0 closed, 1 half-open, 2 open").register(meters);
        for (String method : List.of("ReportAccesses", "GetPrefetchRules", "GetTtlAdvice", "SuggestAliases")) {
            for (String outcome : List.of("ok", "failed", "short_circuited")) {
                calls(method, outcome);
            }
        }
    }

    public static SidecarAdviceClient connect(String host, int port, long deadlineMs, int breakerFailures,
                                              long breakerOpenMs, Clock clock, MeterRegistry meters) {
        ManagedChannel channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
        return new SidecarAdviceClient(channel, host + ":" + port, deadlineMs, breakerFailures, breakerOpenMs, clock, meters);
    }

    /** Reports accesses; the number the sidecar accepted, or empty when it could not be reached. */
    public Optional<Integer> report(List<Advice.Access> accesses) {
        ReportAccessesRequest.Builder b = ReportAccessesRequest.newBuilder();
        for (Advice.Access a : accesses) {
            b.addAccesses(ClusterAccess.newBuilder().setTenant(a.tenant().value()).setIndex(a.index())
                    .setSessionId(a.session()).setClusterId(a.cluster()).setTimestampMs(a.timestampMs()));
        }
        ReportAccessesRequest request = b.build();
        return call("ReportAccesses", s -> (int) s.reportAccesses(request).getAccepted());
    }

    /** Every prefetch rule of the index. */
    public Optional<List<Advice.Rule>> rules(TenantId tenant, String index) {
        GetPrefetchRulesRequest request = GetPrefetchRulesRequest.newBuilder().setTenant(tenant.value()).setIndex(index).build();
        return call("GetPrefetchRules", s -> s.getPrefetchRules(request).getRulesList().stream()
                .map(r -> new Advice.Rule(r.getFromCluster(), r.getToCluster(), r.getProbability())).toList());
    }

    public Optional<List<Advice.Ttl>> ttl(TenantId tenant, String index, List<Advice.ClusterStats> clusters) {
        GetTtlAdviceRequest.Builder b = GetTtlAdviceRequest.newBuilder().setTenant(tenant.value()).setIndex(index);
        for (Advice.ClusterStats c : clusters) {
            b.addClusters(io.pyrope.internal.v1.ClusterStats.newBuilder().setClusterId(c.cluster())
                    .setWriteHeat(c.writeHeatPerMinute()).setHits(c.hits()).setMisses(c.misses()));
        }
        GetTtlAdviceRequest request = b.build();
        return call("GetTtlAdvice", s -> s.getTtlAdvice(request).getAdviceList().stream()
                .map(a -> new Advice.Ttl(a.getClusterId(), a.getTtlSeconds() * 1000L)).toList());
    }

    public Optional<List<Advice.Alias>> aliases(TenantId tenant, String index, List<String> texts) {
        SuggestAliasesRequest request = SuggestAliasesRequest.newBuilder().setTenant(tenant.value()).setIndex(index)
                .addAllTexts(texts).build();
        return call("SuggestAliases", s -> s.suggestAliases(request).getSuggestionsList().stream()
                .map(a -> new Advice.Alias(a.getText(), a.getCanonical(), a.getConfidence())).toList());
    }

    public CircuitBreaker.State circuit() {
        return breaker.state();
    }

    private <T> Optional<T> call(String method, Function<SidecarServiceGrpc.SidecarServiceBlockingStub, T> rpc) {
        if (!breaker.tryAcquire()) {
            calls(method, "short_circuited").increment();
            return Optional.empty();
        }
        if (breaker.state() == CircuitBreaker.State.HALF_OPEN) {
            channel.resetConnectBackoff();
        }
        try {
            T result = rpc.apply(stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
            breaker.onSuccess();
            calls(method, "ok").increment();
            return Optional.of(result);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.INVALID_ARGUMENT) {
                // The sidecar is up and refused this request: not a reason to stop asking it.
                breaker.onSuccess();
                LOG.warn("sidecar at {} refused {}: {}", address, method, e.getStatus().getDescription());
            } else {
                breaker.onFailure();
            }
            calls(method, "failed").increment();
            return Optional.empty();
        } catch (RuntimeException e) {
            breaker.onFailure();
            calls(method, "failed").increment();
            LOG.warn("sidecar call {} failed: {}", method, e.toString());
            return Optional.empty();
        }
    }

    private Counter calls(String method, String outcome) {
        return meters.counter("pyrope.advice.calls", "method", method, "outcome", outcome);
    }

    /** One log line when advice goes away and one when it is back; failed probes in between are only counted. */
    private void stateChanged(CircuitBreaker.State from, CircuitBreaker.State to) {
        if (to == CircuitBreaker.State.OPEN) {
            opened.increment();
            if (from == CircuitBreaker.State.CLOSED) {
                LOG.warn("sidecar advice at {} unavailable: circuit open (searches go on without advice; probing every {} ms)",
                        address, breakerOpenMs);
            }
        } else if (to == CircuitBreaker.State.CLOSED) {
            LOG.info("sidecar advice at {} available again: circuit closed", address);
        }
    }

    @Override
    public void close() {
        Channels.shutdown(channel);
    }
}
