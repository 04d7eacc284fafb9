package io.pyrope.client;

import io.pyrope.domain.ErrorCode;
import io.pyrope.domain.PyropeException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Blocking on SDK futures with failures surfaced as PyropeException. */
final class Futures {
    private Futures() {
    }

    /**
     * Waits for the future. A PyropeException is re-thrown as a fresh one with the same code and
     * message so that the stack trace shows the caller's frame, with the original as its cause.
     */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PyropeException(ErrorCode.ABORTED, "interrupted while waiting for the server", e);
        } catch (ExecutionException e) {
            PyropeException p = toPyrope(e.getCause());
            throw new PyropeException(p.code(), p.getMessage(), p);
        }
    }

    /** Any failure as a PyropeException; unexpected ones become INTERNAL. */
    static PyropeException toPyrope(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PyropeException p) {
            return p;
        }
        return new PyropeException(ErrorCode.INTERNAL, "unexpected client failure: " + cause, cause);
    }

    static <T> CompletableFuture<T> failed(Throwable t) {
        return CompletableFuture.failedFuture(toPyrope(t));
    }
}
