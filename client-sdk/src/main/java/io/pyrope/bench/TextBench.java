package io.pyrope.bench;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.pyrope.api.v1.CreateIndexRequest;
import io.pyrope.api.v1.DropIndexRequest;
import io.pyrope.api.v1.IndexServiceGrpc;
import io.pyrope.api.v1.IndexSpec;
import io.pyrope.api.v1.Metric;
import io.pyrope.api.v1.SearchRequest;
import io.pyrope.api.v1.UpsertRequest;
import io.pyrope.api.v1.Vector;
import io.pyrope.api.v1.VectorServiceGrpc;
import io.pyrope.internal.v1.EmbedRequest;
import io.pyrope.internal.v1.EmbeddingServiceGrpc;
import io.pyrope.internal.v1.GetModelRequest;
import io.pyrope.internal.v1.ModelInfo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code pyrope bench text --sentences FILE}: embedding and text-search figures on real sentences
 * (one per line). Phases, one client thread each: the sidecar's Embed one text per call, then in
 * batches; through the node, text upsert with a cold cache; text search with a cold cache
 * (every query embedded), then the same queries again (every query a cache hit). Every text gets
 * a per-run suffix so that a cache filled by an earlier run cannot make "cold" figures warm.
 */
public final class TextBench {
    static final String USAGE = """
            usage: pyrope bench text --sentences FILE [--count N] [--queries N] [--batch N]
                                     [--target HOST:PORT] [--sidecar HOST:PORT] [--api-key KEY]
              --sentences  text file, one sentence per line (duplicates and blank lines skipped)
              --count      sentences embedded and upserted (default 3000)
              --queries    text searches per pass (default 500; taken after the upserted sentences)
              --batch      texts per Embed call and per upsert (default 32)
              --target     node gRPC address (default 127.0.0.1:50051)
              --sidecar    sidecar gRPC address (default 127.0.0.1:50151)
              --api-key    default: $PYROPE_DEFAULT_API_KEY
            """;

    private TextBench() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err, String defaultApiKey) {
        Path file = null;
        int count = 3000;
        int queries = 500;
        int batch = 32;
        String target = "127.0.0.1:50051";
        String sidecar = "127.0.0.1:50151";
        String key = defaultApiKey;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--sentences" -> file = Path.of(v);
                    case "--count" -> count = Integer.parseInt(v);
                    case "--queries" -> queries = Integer.parseInt(v);
                    case "--batch" -> batch = Integer.parseInt(v);
                    case "--target" -> target = v;
                    case "--sidecar" -> sidecar = v;
                    case "--api-key" -> key = v;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (file == null || key == null || count < 1 || queries < 1 || batch < 1) {
                throw new IllegalArgumentException("--sentences and an API key are required; counts must be >= 1");
            }
        } catch (IllegalArgumentException e) {
            err.println("pyrope bench text: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            new TextBench.Run(sentences(file, count + queries), count, batch, target, sidecar, key, out).execute();
            return 0;
        } catch (Exception e) {
            err.println("pyrope bench text failed: " + e);
            return 1;
        }
    }

    static List<String> sentences(Path file, int wanted) throws IOException {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                unique.add(line.strip());
            }
        }
        if (unique.size() < wanted) {
            throw new IOException(file + " has " + unique.size() + " distinct sentences; " + wanted + " needed");
        }
        return new ArrayList<>(unique).subList(0, wanted);
    }

    private record Run(List<String> sentences, int count, int batch, String target, String sidecarAddress, String key,
                       PrintStream out) {

        void execute() throws InterruptedException {
            String suffix = " (" + Long.toString(System.currentTimeMillis(), 36) + ")";
            List<String> texts = new ArrayList<>(sentences.size());
            sentences.forEach(s -> texts.add(s + suffix));
            List<String> corpus = texts.subList(0, count);
            List<String> queries = texts.subList(count, texts.size());
            ManagedChannel sidecarChannel = Grpc.newChannelBuilder(sidecarAddress, InsecureChannelCredentials.create()).build();
            ManagedChannel nodeChannel = Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
                    .maxInboundMessageSize(64 << 20).build();
            try {
                var embed = EmbeddingServiceGrpc.newBlockingStub(sidecarChannel);
                ModelInfo model = embed.withDeadlineAfter(30, TimeUnit.SECONDS).getModel(GetModelRequest.getDefaultInstance());
                out.printf(Locale.ROOT, "model     %s, %d dimensions; %,d sentences, %,d queries, batch %d, 1 client thread%n",
                        model.getModelId(), model.getDimension(), corpus.size(), queries.size(), batch);
                int singles = Math.min(500, corpus.size());
                report("embed single (sidecar)", timed(singles, i -> embed.withDeadlineAfter(30, TimeUnit.SECONDS)
                        .embed(EmbedRequest.newBuilder().addTexts(corpus.get(i)).build())), 1);
                int batches = (corpus.size() + batch - 1) / batch;
                report("embed batch " + batch + " (sidecar)", timed(batches, b -> embed.withDeadlineAfter(60, TimeUnit.SECONDS)
                        .embed(EmbedRequest.newBuilder().addAllTexts(slice(corpus, b, batch)).build())), batch);

                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
                var auth = MetadataUtils.newAttachHeadersInterceptor(headers);
                var indexes = IndexServiceGrpc.newBlockingStub(nodeChannel).withInterceptors(auth);
                var vectors = VectorServiceGrpc.newBlockingStub(nodeChannel).withInterceptors(auth);
                String index = "bench_text_" + Long.toString(System.currentTimeMillis(), 36);
                indexes.createIndex(CreateIndexRequest.newBuilder().setSpec(IndexSpec.newBuilder().setName(index)
                        .setMetric(Metric.COSINE).setEmbeddingModel(model.getModelId())).build());
                try {
                    report("upsert text, cold cache (node)", timed(batches, b -> vectors.withDeadlineAfter(120, TimeUnit.SECONDS)
                            .upsert(textUpsert(index, corpus, b))), batch);
                    report("search text, cold cache (node)", timed(queries.size(), i -> vectors.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .search(SearchRequest.newBuilder().setIndex(index).setText(queries.get(i)).setTopK(10).build())), 1);
                    report("search text, cached (node)", timed(queries.size(), i -> vectors.withDeadlineAfter(30, TimeUnit.SECONDS)
                            .search(SearchRequest.newBuilder().setIndex(index).setText(queries.get(i)).setTopK(10).build())), 1);
                    report("upsert text, cached (node)", timed(batches, b -> vectors.withDeadlineAfter(120, TimeUnit.SECONDS)
                            .upsert(textUpsert(index, corpus, b))), batch);
                } finally {
                    indexes.dropIndex(DropIndexRequest.newBuilder().setName(index).build());
                }
            } finally {
                sidecarChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                nodeChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        /** Batch {@code b} of the corpus as an upsert by text; ids s0, s1, ... */
        private UpsertRequest textUpsert(String index, List<String> corpus, int b) {
            UpsertRequest.Builder u = UpsertRequest.newBuilder().setIndex(index);
            List<String> part = slice(corpus, b, batch);
            for (int j = 0; j < part.size(); j++) {
                u.addVectors(Vector.newBuilder().setId("s" + (b * batch + j)).setText(part.get(j)));
            }
            return u.build();
        }

        private static List<String> slice(List<String> all, int b, int size) {
            return all.subList(b * size, Math.min(all.size(), (b + 1) * size));
        }

        private static long[] timed(int n, java.util.function.IntConsumer call) {
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                call.accept(i);
                nanos[i] = System.nanoTime() - t0;
            }
            return nanos;
        }

        /** One line: calls, texts/s, per-call p50/p99. */
        private void report(String what, long[] nanos, int textsPerCall) {
            long total = 0;
            for (long n : nanos) {
                total += n;
            }
            Percentiles p = new Percentiles(nanos);
            out.printf(Locale.ROOT, "%-32s %,6d calls  %,9.1f texts/s  p50 %8.2f ms  p99 %8.2f ms%n", what, nanos.length,
                    nanos.length * (double) textsPerCall / (total / 1e9), p.millis(50), p.millis(99));
        }
    }
}
