package io.pyrope.bench;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.v1.CacheEntry;
import io.pyrope.api.v1.CacheLookupRequest;
import io.pyrope.api.v1.CachePutRequest;
import io.pyrope.api.v1.CacheServiceGrpc;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DeleteRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code pyrope bench --workload soak}: a sustained mixed workload over several nodes — searches
 * (half of them repeats, so the result caches work), upserts of new ids and deletes of the oldest
 * (the index stays near {@code --base} vectors, so memory should stay flat), LLM-cache lookups and
 * puts (with a TTL) — for {@code --seconds}, reported per window of {@code --window} seconds:
 * operations, errors and latency percentiles per kind, and each node's heap, live heap after GC and
 * resident set ({@code --metrics} URLs, {@code --pids}). Exit code 1 if any request failed.
 */
public final class Soak {
    enum Op { SEARCH, UPSERT, DELETE, LLM_LOOKUP, LLM_PUT }

    private static final int POOL = 200;

    private final Map<String, String> opts;
    private final PrintStream out;
    private final int dim;
    private final ClusteredVectors gen;

    private Soak(Map<String, String> opts, PrintStream out) {
        this.opts = opts;
        this.out = out;
        this.dim = num("--dim", 32);
        this.gen = new ClusteredVectors(num("--seed", 42), dim, num("--clusters", 50), 0.25f);
    }

    /** Runs with Bench-style args; returns the exit code (0: no request failed). */
    public static int run(String[] args, PrintStream out, String defaultApiKey) {
        try {
            return execute(args, out, defaultApiKey).errors() == 0 ? 0 : 1;
        } catch (Exception e) {
            out.println("pyrope bench (soak) failed: " + e);
            return 1;
        }
    }

    /** Runs the soak and returns its windows (for tests and the script). */
    public static SoakReport execute(String[] args, PrintStream out, String defaultApiKey) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        opts.putIfAbsent("--api-key", defaultApiKey == null ? "" : defaultApiKey);
        return new Soak(opts, out).soak();
    }

    private int num(String key, int dflt) {
        return Integer.parseInt(opts.getOrDefault(key, Integer.toString(dflt)));
    }

    private static List<String> list(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.split(","));
    }

    private SoakReport soak() throws Exception {
        List<String> targets = list(opts.getOrDefault("--targets", "127.0.0.1:50051,127.0.0.1:50052"));
        SoakMemory memory = new SoakMemory(list(opts.get("--metrics")),
                list(opts.get("--pids")).stream().map(Long::parseLong).toList());
        List<Client> clients = new ArrayList<>();
        for (String t : targets) {
            clients.add(new Client(t, opts.get("--api-key")));
        }
        String index = opts.getOrDefault("--index", "soak_" + System.currentTimeMillis());
        int base = num("--base", 5_000);
        int seconds = num("--seconds", 600);
        int window = num("--window", 30);
        int warmup = num("--warmup-seconds", 60);
        int threads = num("--threads", 4);
        Client first = clients.get(0);
        first.indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(index)
                .setDimension(dim).setMetric(Metric.COSINE)).build());
        SoakReport report = new SoakReport(warmup);
        try {
            for (int from = 0; from < base; from += 500) {
                clients.get((from / 500) % clients.size()).vectors.upsert(upsert(index, from, Math.min(base, from + 500)));
            }
            out.printf("soak: %d vectors (dim %d) loaded into %s; %d s over %s, %d threads, windows of %d s%n",
                    base, dim, index, seconds, targets, threads, window);
            AtomicLong low = new AtomicLong(0);
            AtomicLong high = new AtomicLong(base);
            AtomicBoolean running = new AtomicBoolean(true);
            SoakWindow.Recorder recorder = new SoakWindow.Recorder();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 1_000L + t;
                Thread w = new Thread(() -> work(index, base, clients, low, high, running, recorder, seed), "soak-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
            long start = System.nanoTime();
            for (int elapsed = window; elapsed <= seconds; elapsed += window) {
                long wakeAt = start + TimeUnit.SECONDS.toNanos(elapsed);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, wakeAt - System.nanoTime()));
                SoakWindow w = recorder.roll(elapsed, memory);
                report.add(w);
                out.println(w.toText());
                if (w.count() > 0 && w.errors() == w.count()) {
                    out.println("soak: every request of the window failed (are the nodes down?): stopping early");
                    break;
                }
            }
            running.set(false);
            for (Thread w : workers) {
                w.join(30_000);
            }
        } finally {
            try {
                first.indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
            } finally {
                for (Client c : clients) {
                    c.close();
                }
            }
        }
        out.println(report.summary());
        if (opts.containsKey("--json")) {
            Files.writeString(Path.of(opts.get("--json")), report.toJson());
        }
        return report;
    }

    private void work(String index, int base, List<Client> clients, AtomicLong low, AtomicLong high, AtomicBoolean running,
                      SoakWindow.Recorder recorder, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long n = 0; running.get(); n++) {
            Client c = clients.get((int) (n % clients.size()));
            int dice = rnd.nextInt(100);
            Op op = dice < 55 ? Op.SEARCH : dice < 70 ? Op.UPSERT : dice < 85 ? Op.DELETE : dice < 97 ? Op.LLM_LOOKUP : Op.LLM_PUT;
            long t0 = System.nanoTime();
            try {
                switch (op) {
                    case SEARCH -> c.vectors.search(search(index, rnd));
                    case UPSERT -> {
                        long id = high.getAndIncrement();
                        c.vectors.upsert(upsert(index, id, id + 1));
                    }
                    case DELETE -> {
                        long id = low.get();
                        if (high.get() - id > base && low.compareAndSet(id, id + 1)) {
                            c.vectors.delete(DeleteRequest.newBuilder().setIndex(index).addIds("v" + id).build());
                        }
                    }
                    case LLM_LOOKUP -> c.cache.lookup(CacheLookupRequest.newBuilder().setNamespace(index)
                            .addAllEmbedding(boxed(gen.query(rnd.nextInt(POOL)))).setThreshold(0.95f).build());
                    case LLM_PUT -> c.cache.put(CachePutRequest.newBuilder().setNamespace(index).setEntry(CacheEntry.newBuilder()
                            .addAllEmbedding(boxed(gen.query(rnd.nextInt(POOL * 10))))
                            .setResponse(com.google.protobuf.ByteString.copyFromUtf8("answer " + n)).setTtlSeconds(60)).build());
                }
                recorder.ok(op, System.nanoTime() - t0);
            } catch (StatusRuntimeException e) {
                recorder.failed(op, e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            }
        }
    }

    private SearchRequest search(String index, SplittableRandom rnd) {
        // Half repeats from a small pool (cache hits once warm), half fresh queries.
        long j = rnd.nextBoolean() ? rnd.nextInt(POOL) : POOL + rnd.nextLong(1L << 40);
        return SearchRequest.newBuilder().setIndex(index).setTopK(10).addAllQuery(boxed(gen.query(j))).build();
    }

    private UpsertRequest upsert(String index, long from, long to) {
        UpsertRequest.Builder b = UpsertRequest.newBuilder().setIndex(index);
        for (long i = from; i < to; i++) {
            b.addVectors(Vector.newBuilder().setId("v" + i).addAllValues(boxed(gen.base(i))));
        }
        return b.build();
    }

    private static List<Float> boxed(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) {
            out.add(f);
        }
        return out;
    }

    /** One node's stubs; deadlines of 30 s per call. */
    private static final class Client implements AutoCloseable {
        final ManagedChannel channel;
        final IndexServiceGrpc.IndexServiceBlockingStub indexes;
        final VectorServiceGrpc.VectorServiceBlockingStub vectors;
        final CacheServiceGrpc.CacheServiceBlockingStub cache;

        Client(String target, String apiKey) {
            String[] hp = target.split(":");
            channel = ManagedChannelBuilder.forAddress(hp[0], Integer.parseInt(hp[1])).usePlaintext().build();
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
            var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
            indexes = IndexServiceGrpc.newBlockingStub(channel).withInterceptors(auth);
            vectors = new Deadlined<>(VectorServiceGrpc.newBlockingStub(channel).withInterceptors(auth)).stub();
            cache = new Deadlined<>(CacheServiceGrpc.newBlockingStub(channel).withInterceptors(auth)).stub();
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A stub whose every call carries a 30 s deadline (set per call, not once at creation). */
    private record Deadlined<S extends io.grpc.stub.AbstractStub<S>>(S base) {
        S stub() {
            return base.withInterceptors(new io.grpc.ClientInterceptor() {
                @Override
                public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(io.grpc.MethodDescriptor<Q, R> method,
                                                                    io.grpc.CallOptions options, io.grpc.Channel next) {
                    return next.newCall(method, options.withDeadlineAfter(30, TimeUnit.SECONDS));
                }
            });
        }
    }
}
