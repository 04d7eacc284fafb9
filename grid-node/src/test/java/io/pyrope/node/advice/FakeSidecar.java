package io.pyrope.node.advice;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.pyrope.internal.v1.ClusterAccess;
import io.pyrope.internal.v1.GetPrefetchRulesRequest;
import io.pyrope.internal.v1.GetPrefetchRulesResponse;
import io.pyrope.internal.v1.PrefetchRule;
import io.pyrope.internal.v1.ReportAccessesRequest;
import io.pyrope.internal.v1.ReportAccessesResponse;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.node.sidecar.SidecarAdviceClient;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the sidecar process in unit tests: the real generated service on an in-process
 * gRPC server, answering with the rules a test sets, or UNAVAILABLE while {@link #down} is set.
 * The node-side client under test is the real one.
 */
final class FakeSidecar extends SidecarServiceGrpc.SidecarServiceImplBase implements AutoCloseable {
    final List<ClusterAccess> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile List<PrefetchRule> rules = List.of();
    volatile boolean down;
    private final String name = "fake-sidecar-" + System.nanoTime();
    private final Server server;

    FakeSidecar() throws IOException {
        this.server = InProcessServerBuilder.forName(name).directExecutor().addService(this).build().start();
    }

    SidecarAdviceClient client(int breakerFailures, long breakerOpenMs, Clock clock, MeterRegistry meters) {
        return new SidecarAdviceClient(InProcessChannelBuilder.forName(name).directExecutor().build(), name, 1_000,
                breakerFailures, breakerOpenMs, clock, meters);
    }

    static PrefetchRule rule(int from, int to, double p) {
        return PrefetchRule.newBuilder().setFromCluster(from).setToCluster(to).setProbability(p).setSupport(10).build();
    }

    @Override
    public void reportAccesses(ReportAccessesRequest request, StreamObserver<ReportAccessesResponse> out) {
        calls.incrementAndGet();
        if (down) {
            out.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
            return;
        }
        received.addAll(request.getAccessesList());
        out.onNext(ReportAccessesResponse.newBuilder().setAccepted(request.getAccessesCount()).build());
        out.onCompleted();
    }

    @Override
    public void getPrefetchRules(GetPrefetchRulesRequest request, StreamObserver<GetPrefetchRulesResponse> out) {
        calls.incrementAndGet();
        if (down) {
            out.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
            return;
        }
        out.onNext(GetPrefetchRulesResponse.newBuilder().addAllRules(rules).build());
        out.onCompleted();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
