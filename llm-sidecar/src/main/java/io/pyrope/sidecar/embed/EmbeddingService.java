package io.pyrope.sidecar.embed;

import io.pyrope.sidecar.config.EmbeddingConfig;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar's embedding part: the configured {@link Embedder} and its bounded worker pool (the
 * gRPC handler in {@code io.pyrope.sidecar} runs calls on it). Owned by the sidecar server,
 * which closes it on shutdown.
 */
public final class EmbeddingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingService.class);

    private final Embedder embedder;
    private final ThreadPoolExecutor workers;

    private EmbeddingService(Embedder embedder, ThreadPoolExecutor workers) {
        this.embedder = embedder;
        this.workers = workers;
    }

    public static EmbeddingService create(EmbeddingConfig config, Map<String, String> env) {
        Embedder embedder = switch (config.provider()) {
            case "openai" -> new OpenAiEmbedder(config.openai(), config.openai().apiKeyEnv().isEmpty()
                    ? "" : env.getOrDefault(config.openai().apiKeyEnv(), ""));
            default -> new MiniLmEmbedder();
        };
        AtomicInteger n = new AtomicInteger();
        BlockingQueue<Runnable> queue = config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue());
        ThreadPoolExecutor workers = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                queue, r -> {
                    Thread t = new Thread(r, "sidecar-embed-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        EmbeddingService service = new EmbeddingService(embedder, workers);
        if (config.preload()) {
            workers.execute(service::warmUp);
        }
        return service;
    }

    private void warmUp() {
        long t0 = System.nanoTime();
        try {
            embedder.warmUp();
            LOG.info("embedding model {} ({} dims) ready in {} ms", embedder.modelId(), embedder.dimension(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (EmbeddingException e) {
            LOG.warn("embedding model {} failed to load: {}", embedder.modelId(), e.getMessage());
        }
    }

    /** Runs embedding calls; a full queue rejects (RejectedExecutionException). */
    public java.util.concurrent.ExecutorService workers() {
        return workers;
    }

    public Embedder embedder() {
        return embedder;
    }

    /** Stops the workers (a model run in progress finishes on its daemon thread), then the provider. */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        embedder.close();
    }
}
