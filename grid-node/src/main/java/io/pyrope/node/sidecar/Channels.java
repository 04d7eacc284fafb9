package io.pyrope.node.sidecar;

import io.grpc.ManagedChannel;

import java.util.concurrent.TimeUnit;

/** Closing the node's channels to its sidecar. */
final class Channels {
    private Channels() {
    }

    /** Cancels what is in flight and waits (at most 2 s) for the channel to terminate. */
    static void shutdown(ManagedChannel channel) {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
