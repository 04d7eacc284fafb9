package io.pyrope.node.sdk;

import org.apache.ignite.Ignite;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@link SdkJob}s of one node use: its dispatcher and the executor that runs SDK calls.
 * Registered in the Ignite node's node-local map (per node, not a static: several nodes may share
 * a JVM) while the node's services run.
 */
public final class SdkEndpoint implements AutoCloseable {
    static final String NODE_LOCAL_KEY = "pyrope.sdk.endpoint";

    private final Ignite ignite;
    private final SdkDispatcher dispatcher;
    private final ExecutorService executor;

    private SdkEndpoint(Ignite ignite, SdkDispatcher dispatcher, int threads, int queue) {
        this.ignite = ignite;
        this.dispatcher = dispatcher;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "pyrope-sdk-" + ignite.name() + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts serving SDK calls on this node. */
    public static SdkEndpoint register(Ignite ignite, SdkDispatcher dispatcher, int threads, int queue) {
        SdkEndpoint endpoint = new SdkEndpoint(ignite, dispatcher, threads, queue);
        ignite.cluster().nodeLocalMap().put(NODE_LOCAL_KEY, endpoint);
        return endpoint;
    }

    static SdkEndpoint of(Ignite ignite) {
        return (SdkEndpoint) ignite.cluster().nodeLocalMap().get(NODE_LOCAL_KEY);
    }

    SdkDispatcher dispatcher() {
        return dispatcher;
    }

    ExecutorService executor() {
        return executor;
    }

    /** Stops accepting SDK calls; waits briefly for calls in flight. */
    @Override
    public void close() {
        ignite.cluster().nodeLocalMap().remove(NODE_LOCAL_KEY, this);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
