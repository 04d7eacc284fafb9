package io.pyrope.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.v1.AdminServiceGrpc;
import io.pyrope.api.v1.BudgetPolicy;
import io.pyrope.api.v1.CreateTenantRequest;
import io.pyrope.api.v1.ExhaustedAction;
import io.pyrope.api.v1.GetUsageRequest;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.SearchResponse;
import io.pyrope.api.v1.SetTenantPolicyRequest;
import io.pyrope.api.v1.TenantQuotas;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.domain.IndexSpec;
import io.pyrope.domain.Metric;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code pyrope bench --budget-sweep}: how budget degradation trades recall for cost. Creates a
 * scratch tenant (needs the cluster admin key in PYROPE_ADMIN_KEY), loads clustered vectors, then
 * for each budget position (fraction of the monthly budget remaining) sets the tenant's budget so
 * that exactly that fraction remains and runs the query set: prints position → effort used →
 * recall@10 → measured and estimated cost per query → QPS (one client thread).
 *
 * <p>Usage: {@code --budget-sweep [--target host:port] [--base N] [--queries N] [--ef N]}.
 */
final class BudgetSweep {
    private static final double[] POSITIONS = {1.0, 0.5, 0.25, 0.2, 0.15, 0.1, 0.05, 0.02, 0.0};
    private static final int K = 10;
    /** Queries between two re-sets of the budget position. */
    private static final int HOLD_EVERY = 10;

    private BudgetSweep() {
    }

    static int run(String[] args, PrintStream out, PrintStream err, String adminKey) throws Exception {
        String target = "127.0.0.1:50051";
        int base = 10_000;
        int queries = 300;
        int ef = 128;
        boolean ivf = false;
        int nprobe = 16;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--budget-sweep" -> { }
                case "--target" -> target = args[++i];
                case "--base" -> base = Integer.parseInt(args[++i]);
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--ef" -> ef = Integer.parseInt(args[++i]);
                case "--index-type" -> ivf = args[++i].equalsIgnoreCase("ivf");
                case "--nprobe" -> nprobe = Integer.parseInt(args[++i]);
                default -> {
                    err.println("pyrope bench --budget-sweep: unknown option " + args[i]
                            + " (known: --target host:port, --base N, --queries N, --ef N, --index-type hnsw|ivf, --nprobe N)");
                    return 2;
                }
            }
        }
        if (adminKey == null || adminKey.isBlank()) {
            err.println("pyrope bench --budget-sweep needs the cluster admin key in PYROPE_ADMIN_KEY (it creates a scratch tenant)");
            return 2;
        }
        ManagedChannel channel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create()).build();
        try {
            var admin = AdminServiceGrpc.newBlockingStub(channel).withInterceptors(auth(adminKey));
            String tenant = "sweep" + System.currentTimeMillis();
            String key = admin.createTenant(CreateTenantRequest.newBuilder().setId(tenant).build()).getApiKey();
            var vectors = VectorServiceGrpc.newBlockingStub(channel).withInterceptors(auth(key));

            ClusteredVectors gen = new ClusteredVectors(42, 128, 100, 0.25f);
            int cpus = Runtime.getRuntime().availableProcessors();
            float[][] data = gen.baseVectors(base, cpus);
            float[][] qs = gen.queries(queries);
            int[][] truth = GroundTruth.compute(data, qs, K, Metric.COSINE, cpus);
            String index = "sweep";
            try (GrpcTarget loader = new GrpcTarget(target, key)) {
                loader.createIndex(ivf ? IndexSpec.ivf(index, 128, Metric.COSINE, 64, 0) : IndexSpec.of(index, 128, Metric.COSINE));
                Loader.load(loader, index, data, 2, 1000, err, BenchOptions.Progress.NONE);
                long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
                while (loader.indexState(index).maxNodeHead() > 255 && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            out.printf("budget sweep: %d vectors (128-d, clustered), %d queries, top-%d, %s%n", base, queries, K,
                    ivf ? "IVF (64 lists), requested nprobe " + nprobe : "HNSW, requested ef " + ef);
            out.println("remaining  reason     scale  " + (ivf ? " nprobe" : "ef_used") + "  recall@10  cost/query  estimate/query  QPS");
            for (double remaining : POSITIONS) {
                // The searches themselves spend: the position is re-set before every few queries.
                Runnable hold = () -> holdPosition(admin, tenant, remaining);
                Row row = runQueries(vectors, index, qs, truth, ivf ? 0 : ef, ivf ? nprobe : 0, hold);
                out.printf("%9.2f  %-9s  %5.2f  %7d  %9.3f  %10.4f  %14.4f  %5.0f%n", remaining, row.reason, row.scale,
                        row.efUsed, row.recall, row.cost, row.estimate, row.qps);
            }
            return 0;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Sets the tenant's budget so that exactly {@code remaining} of it is left now (0: spent, the floor applies). */
    private static void holdPosition(AdminServiceGrpc.AdminServiceBlockingStub admin, String tenant, double remaining) {
        double spent = admin.getUsage(GetUsageRequest.newBuilder().setTenantId(tenant).build()).getSpent();
        double budget = remaining >= 1.0 ? 0 : remaining <= 0 ? Math.max(spent, 1e-6) : spent / (1.0 - remaining);
        admin.setTenantPolicy(SetTenantPolicyRequest.newBuilder().setTenantId(tenant)
                .setQuotas(TenantQuotas.getDefaultInstance())
                .setBudget(BudgetPolicy.newBuilder().setMonthlyBudget(budget).setPacing(false).setDegradeBelow(0.25)
                        .setMinEffort(0.1).setOnExhausted(ExhaustedAction.MIN_EFFORT))
                .build());
    }

    private record Row(String reason, double scale, int efUsed, double recall, double cost, double estimate, double qps) {
    }

    private static Row runQueries(VectorServiceGrpc.VectorServiceBlockingStub vectors, String index, float[][] qs,
                                  int[][] truth, int ef, int nprobe, Runnable hold) {
        long hits = 0;
        double cost = 0;
        double estimate = 0;
        double scale = 0;
        int efUsed = 0;
        String reason = "";
        long searchNanos = 0;
        for (int q = 0; q < qs.length; q++) {
            if (q % HOLD_EVERY == 0) {
                hold.run();
            }
            // The engine's effort is measured, not the result caches.
            SearchRequest.Builder req = SearchRequest.newBuilder().setIndex(index).setTopK(K).setEf(ef).setNprobe(nprobe)
                    .setBypassCache(true);
            for (float f : qs[q]) {
                req.addQuery(f);
            }
            long t0 = System.nanoTime();
            SearchResponse r = vectors.search(req.build());
            searchNanos += System.nanoTime() - t0;
            Set<String> want = new HashSet<>();
            for (int id : truth[q]) {
                want.add(BenchTarget.id(id));
            }
            hits += r.getHitsList().stream().filter(h -> want.contains(h.getId())).count();
            cost += r.getCost();
            estimate += r.getEstimatedCost();
            scale += r.getEffortScale();
            efUsed = Math.max(efUsed, nprobe > 0 ? r.getNprobeUsed() : r.getEfUsed());
            reason = r.getEffortReason().name().replace("EFFORT_", "");
        }
        double seconds = searchNanos / 1e9;
        int n = qs.length;
        return new Row(reason, scale / n, efUsed, hits / (double) (K * n), cost / n, estimate / n, n / seconds);
    }

    private static io.grpc.ClientInterceptor auth(String key) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
