package io.pyrope.node;

import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/**
 * A response observer for streaming calls in tests: its future completes with the first response,
 * or exceptionally with the call's error (a StatusRuntimeException), or with null if the call
 * ends without a response.
 */
public final class FutureObserver<T> implements StreamObserver<T> {
    private final CompletableFuture<T> future = new CompletableFuture<>();

    public CompletableFuture<T> future() {
        return future;
    }

    @Override
    public void onNext(T value) {
        future.complete(value);
    }

    @Override
    public void onError(Throwable t) {
        future.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
        future.complete(null);
    }
}
