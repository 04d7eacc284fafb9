package io.pyrope.client;

import java.util.concurrent.CompletableFuture;

/**
 * Carries one serialized {@code SdkCall} to the server's entry task and brings back the
 * serialized {@code SdkReply}. Failures to reach the server complete the future with a
 * {@link io.pyrope.domain.PyropeException} (UNAVAILABLE). Kept apart from the client so the
 * envelope mapping is testable without a server.
 */
interface SdkTransport extends AutoCloseable {

    CompletableFuture<byte[]> execute(byte[] sdkCall);

    @Override
    void close();
}
