package io.pyrope.client;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import org.apache.ignite.Ignition;
import org.apache.ignite.client.ClientAuthenticationException;
import org.apache.ignite.client.ClientCompute;
import org.apache.ignite.client.ClientConnectionException;
import org.apache.ignite.client.ClientException;
import org.apache.ignite.client.IgniteClient;
import org.apache.ignite.configuration.ClientConfiguration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link SdkTransport} over the Ignite thin client: runs the server's entry task by class name. */
final class ThinClientTransport implements SdkTransport {
    /** The server-side ComputeTask; the thin client names it, the server must have it on its classpath. */
    static final String ENTRY_TASK = "io.pyrope.node.sdk.SdkEntryTask";

    private final IgniteClient client;
    private final ClientCompute compute;
    private final Duration requestTimeout;
    private final ExecutorService continuations;
    private final String entryTask;

    private ThinClientTransport(IgniteClient client, Duration requestTimeout, ExecutorService continuations, String entryTask) {
        this.client = client;
        this.entryTask = entryTask;
        this.continuations = continuations;
        // The server-side timeout cancels the task there; the client-side one in execute() covers
        // a lost connection that the server can no longer answer on.
        this.compute = client.compute().withTimeout(requestTimeout.toMillis());
        this.requestTimeout = requestTimeout;
    }

    static ThinClientTransport connect(List<String> addresses, Duration connectTimeout, Duration requestTimeout,
                                       ThinClientSecurity security) {
        return connect(addresses, connectTimeout, requestTimeout, ENTRY_TASK, security);
    }

    /** With another entry task: tests run a stand-in on a plain Ignite node. */
    static ThinClientTransport connect(List<String> addresses, Duration connectTimeout, Duration requestTimeout,
                                       String entryTask) {
        return connect(addresses, connectTimeout, requestTimeout, entryTask, ThinClientSecurity.NONE);
    }

    private static ThinClientTransport connect(List<String> addresses, Duration connectTimeout, Duration requestTimeout,
                                               String entryTask, ThinClientSecurity security) {
        // Replies are completed here rather than on ForkJoinPool.commonPool (one thread on a
        // 2-core box, shared with the application) or on the connection's reader thread (where a
        // slow user callback would stall every call).
        ExecutorService continuations = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), new DaemonThreads("pyrope-sdk-"));
        ClientConfiguration cfg = new ClientConfiguration()
                .setAsyncContinuationExecutor(continuations)
                .setAddresses(addresses.toArray(String[]::new))
                .setHandshakeTimeout(millis(connectTimeout))
                .setTimeout(millis(connectTimeout))
                .setRequestTimeout(millis(requestTimeout))
                .setHeartbeatEnabled(true);
        security.applyTo(cfg);
        try {
            return new ThinClientTransport(Ignition.startClient(cfg), requestTimeout, continuations, entryTask);
        } catch (ClientException e) {
            continuations.shutdownNow();
            if (refusedLogin(e)) {
                throw new PyropeException(ErrorCode.UNAUTHENTICATED, "Pyrope at " + addresses + " refused the thin-client"
                        + " credentials: " + e.getMessage(), e);
            }
            throw new PyropeException(ErrorCode.UNAVAILABLE, "cannot connect to Pyrope at " + addresses + ": " + e.getMessage(), e);
        }
    }

    private static boolean refusedLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientAuthenticationException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public CompletableFuture<byte[]> execute(byte[] sdkCall) {
        CompletableFuture<byte[]> result;
        try {
            result = compute.<byte[], byte[]>executeAsync2(entryTask, sdkCall)
                    .toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(map(e));
        }
        return result
                .orTimeout(requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .handle((bytes, err) -> {
                    if (err != null) {
                        throw map(err);
                    }
                    return bytes;
                });
    }

    private PyropeException map(Throwable err) {
        Throwable t = err;
        while (t.getCause() != null && !(t instanceof ClientException) && !(t instanceof TimeoutException)) {
            t = t.getCause();
        }
        if (t instanceof PyropeException p) {
            return p;
        }
        if (t instanceof TimeoutException) {
            return new PyropeException(ErrorCode.UNAVAILABLE, "no answer from the server within " + requestTimeout, t);
        }
        if (t instanceof ClientConnectionException) {
            return new PyropeException(ErrorCode.UNAVAILABLE, "connection to Pyrope lost: " + t.getMessage(), t);
        }
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        if (msg.toLowerCase(java.util.Locale.ROOT).contains("timed out")) {
            return new PyropeException(ErrorCode.UNAVAILABLE, "the server did not finish within " + requestTimeout + ": " + msg, t);
        }
        if (msg.contains("closed")) {
            return new PyropeException(ErrorCode.UNAVAILABLE, "the client is closed or the connection dropped: " + msg, t);
        }
        return new PyropeException(ErrorCode.INTERNAL, "thin-client call failed: " + msg, t);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // Closing is best effort: the connection may already be gone.
        } finally {
            continuations.shutdown();
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** Named daemon threads: an unclosed client must not keep the JVM alive. */
    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        DaemonThreads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
