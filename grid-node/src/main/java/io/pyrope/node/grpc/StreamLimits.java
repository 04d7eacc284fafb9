package io.pyrope.node.grpc;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;
import io.pyrope.domain.TenantId;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds on client streams (UpsertStream), per node: how many messages one stream may carry, and
 * how many streams one tenant may have open at once. Each stream holds a {@link Permit} from open
 * to end, so a tenant that opens streams and never finishes them blocks only itself.
 */
final class StreamLimits {
    private final int maxMessages;
    private final int maxPerTenant;
    private final ConcurrentMap<TenantId, Integer> open = new ConcurrentHashMap<>();

    StreamLimits(int maxMessages, int maxPerTenant) {
        this.maxMessages = maxMessages;
        this.maxPerTenant = maxPerTenant;
    }

    /** A permit for one more open stream of {@code tenant}; RESOURCE_EXHAUSTED if it has the maximum open. */
    Permit open(TenantId tenant, String method) {
        boolean[] granted = new boolean[1];
        open.compute(tenant, (t, n) -> {
            int current = n == null ? 0 : n;
            granted[0] = current < maxPerTenant;
            return granted[0] ? current + 1 : current;
        });
        if (!granted[0]) {
            throw new PyropeException(ErrorCode.RESOURCE_EXHAUSTED, "this tenant already has " + maxPerTenant + " " + method
                    + " calls open on this node (grpc.maxStreamsPerTenant): finish one before opening another, or use Upsert");
        }
        return new Permit(tenant);
    }

    /** RESOURCE_EXHAUSTED once a stream brings message number {@code maxMessages + 1}. */
    void checkMessage(long messageNumber, long written, String method) {
        if (messageNumber > maxMessages) {
            throw new PyropeException(ErrorCode.RESOURCE_EXHAUSTED, "one " + method + " carries at most " + maxMessages
                    + " messages (grpc.maxStreamMessages); the first " + maxMessages + " were written (" + written
                    + " vectors): send the rest in a new stream");
        }
    }

    /** Streams of {@code tenant} open now (tests and metrics). */
    int openStreams(TenantId tenant) {
        return open.getOrDefault(tenant, 0);
    }

    /** One open stream; {@link #close()} is idempotent. */
    final class Permit implements AutoCloseable {
        private final TenantId tenant;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Permit(TenantId tenant) {
            this.tenant = tenant;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                open.computeIfPresent(tenant, (t, n) -> n <= 1 ? null : n - 1);
            }
        }
    }
}
