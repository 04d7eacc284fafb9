package io.pyrope.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.pyrope.internal.v1.AdviceSource;
import io.pyrope.internal.v1.ClusterAccess;
import io.pyrope.internal.v1.ClusterStats;
import io.pyrope.internal.v1.GetPrefetchRulesRequest;
import io.pyrope.internal.v1.GetPrefetchRulesResponse;
import io.pyrope.internal.v1.GetTtlAdviceRequest;
import io.pyrope.internal.v1.PrefetchRule;
import io.pyrope.internal.v1.ReportAccessesRequest;
import io.pyrope.internal.v1.ReportAccessesResponse;
import io.pyrope.internal.v1.SidecarServiceGrpc;
import io.pyrope.internal.v1.SuggestAliasesRequest;
import io.pyrope.sidecar.config.ConfigLoader;
import io.pyrope.sidecar.testing.MutableClock;
import io.pyrope.sidecar.testing.TestPorts;
import io.pyrope.sidecar.time.Parker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sidecar service over a real gRPC server on loopback, every call with a deadline. */
class SidecarServerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private SidecarServer sidecar;
    private ManagedChannel channel;
    private SidecarServiceGrpc.SidecarServiceBlockingStub stub;

    @BeforeEach
    void start() {
        var config = new ConfigLoader().load(null, Map.of(
                "PYROPE_SIDECAR_SERVER_PORT", Integer.toString(TestPorts.port(1)),
                "PYROPE_SIDECAR_METRICS_PORT", Integer.toString(TestPorts.port(51)),
                "PYROPE_SIDECAR_SERVER_MAX_ACCESSES_PER_CALL", "200"));
        sidecar = SidecarServer.start(config, clock, Parker.real(), Map.of());
        channel = NettyChannelBuilder.forAddress("127.0.0.1", sidecar.port()).usePlaintext().build();
        stub = SidecarServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
        sidecar.close();
    }

    private SidecarServiceGrpc.SidecarServiceBlockingStub withDeadline() {
        return stub.withDeadlineAfter(2, TimeUnit.SECONDS);
    }

    private static ClusterAccess access(String session, int cluster, long ts) {
        return ClusterAccess.newBuilder().setTenant("acme").setIndex("docs").setSessionId(session)
                .setClusterId(cluster).setTimestampMs(ts).build();
    }

    @Test
    void learnsPrefetchRulesFromReportedSessions() {
        // 30 sessions: two of three go 5 → 7 → 9, one of three goes 5 → 8 → 9; 2 s between queries.
        List<ClusterAccess> accesses = new ArrayList<>();
        long t = clock.millis();
        for (int s = 0; s < 30; s++) {
            int middle = s % 3 == 0 ? 8 : 7;
            for (int cluster : new int[] {5, middle, 9}) {
                accesses.add(access("session-" + s, cluster, t));
                t += 2_000;
            }
        }
        accesses.add(access("", 1, t)); // invalid: no session id
        for (int i = 0; i < accesses.size(); i += 50) {
            ReportAccessesResponse r = withDeadline().reportAccesses(ReportAccessesRequest.newBuilder()
                    .addAllAccesses(accesses.subList(i, Math.min(accesses.size(), i + 50))).build());
            assertThat(r.getAccepted() + r.getRejected()).isEqualTo(Math.min(50, accesses.size() - i));
        }

        GetPrefetchRulesResponse from5 = withDeadline().getPrefetchRules(GetPrefetchRulesRequest.newBuilder()
                .setTenant("acme").setIndex("docs").setFromCluster(5).build());
        assertThat(from5.getRulesList()).extracting(PrefetchRule::getToCluster).containsExactly(7, 8);
        assertThat(from5.getRules(0).getProbability()).isCloseTo(2.0 / 3, Offset.offset(1e-9));
        assertThat(from5.getRules(1).getProbability()).isCloseTo(1.0 / 3, Offset.offset(1e-9));
        assertThat(from5.getRules(0).getSupport()).isCloseTo(30, Offset.offset(1e-9));
        assertThat(from5.getRules(0).getSuggestedTtlSeconds()).isEqualTo(30);
        assertThat(from5.getGeneratedAtMs()).isEqualTo(clock.millis());

        GetPrefetchRulesResponse all = withDeadline().getPrefetchRules(GetPrefetchRulesRequest.newBuilder()
                .setTenant("acme").setIndex("docs").build());
        assertThat(all.getRulesList()).extracting(r -> r.getFromCluster() + "->" + r.getToCluster())
                .containsExactly("7->9", "8->9", "5->7", "5->8");
        GetPrefetchRulesResponse capped = withDeadline().getPrefetchRules(GetPrefetchRulesRequest.newBuilder()
                .setTenant("acme").setIndex("docs").setMaxRules(1).build());
        assertThat(capped.getRulesCount()).isEqualTo(1);
        assertThat(withDeadline().getPrefetchRules(GetPrefetchRulesRequest.newBuilder().setTenant("other")
                .setIndex("docs").build()).getRulesCount()).isZero();
    }

    @Test
    void answersTtlAndAliasAdviceFromRulesOffline() {
        var ttl = withDeadline().getTtlAdvice(GetTtlAdviceRequest.newBuilder().setTenant("acme").setIndex("docs")
                .addClusters(ClusterStats.newBuilder().setClusterId(1).setWriteHeat(0).setHits(90).setMisses(10))
                .addClusters(ClusterStats.newBuilder().setClusterId(2).setWriteHeat(500).setHits(10).setMisses(90))
                .build());
        assertThat(ttl.getAdvice(0).getTtlSeconds()).isEqualTo(21_600);
        assertThat(ttl.getAdvice(1).getTtlSeconds()).isLessThan(300);
        assertThat(ttl.getAdvice(1).getReason()).startsWith("hot");
        assertThat(ttl.getAdvice(0).getSource()).isEqualTo(AdviceSource.ADVICE_SOURCE_RULES);

        var aliases = withDeadline().suggestAliases(SuggestAliasesRequest.newBuilder().setTenant("acme")
                .setIndex("docs").addTexts("The Capital of France?").build());
        assertThat(aliases.getSuggestions(0).getCanonical()).isEqualTo("capital of france");
        assertThat(aliases.getSuggestions(0).getSource()).isEqualTo(AdviceSource.ADVICE_SOURCE_RULES);
    }

    @Test
    void rejectsInvalidRequestsWithInvalidArgument() {
        List<ClusterAccess> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add(access("s", i, i));
        }
        assertThatThrownBy(() -> withDeadline().reportAccesses(ReportAccessesRequest.newBuilder()
                .addAllAccesses(tooMany).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> withDeadline().getPrefetchRules(GetPrefetchRulesRequest.newBuilder().build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> withDeadline().getTtlAdvice(GetTtlAdviceRequest.newBuilder()
                .addClusters(ClusterStats.newBuilder().setClusterId(1).setWriteHeat(-1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void servesStandardHealth() {
        var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService(SidecarServer.SERVICE_NAME).build())
                .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
}
