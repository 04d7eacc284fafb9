package io.pyrope.node.embed;

import io.micrometer.core.instrument.MeterRegistry;
import io.pyrope.node.sidecar.SidecarEmbeddingClient;
import io.pyrope.node.config.NodeConfig;
import java.time.Duration;
import org.apache.ignite.Ignite;

/** A node's text-input parts with one owner: the sidecar client and the embedding cache. */
public final class NodeEmbeddings implements AutoCloseable {
    private final SidecarEmbeddingClient sidecar;
    private final EmbeddingCache cache;

    private NodeEmbeddings(SidecarEmbeddingClient sidecar, EmbeddingCache cache) {
        this.sidecar = sidecar;
        this.cache = cache;
    }

    /** Connects lazily: a missing sidecar only fails text requests, never the start. */
    public static NodeEmbeddings start(Ignite ignite, NodeConfig.Embedding config, MeterRegistry meters) {
        SidecarEmbeddingClient sidecar = new SidecarEmbeddingClient(config.sidecarHost(), config.sidecarPort(),
                config.deadlineMs(), config.deadlinePerTextMs(), meters);
        try {
            return new NodeEmbeddings(sidecar, new EmbeddingCache(ignite, Duration.ofDays(config.cacheTtlDays()),
                    config.frontEntries(), meters));
        } catch (RuntimeException e) {
            sidecar.close();
            throw e;
        }
    }

    public SidecarEmbeddingClient sidecar() {
        return sidecar;
    }

    public EmbeddingCache cache() {
        return cache;
    }

    @Override
    public void close() {
        try {
            sidecar.close();
        } finally {
            cache.close();
        }
    }
}
