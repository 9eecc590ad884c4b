package com.corpastro.performance.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One load per key at a time on this node: the first caller of a key leads its load, the others
 * wait for what it lands, at most the load wait; past it they load by themselves, so a load stuck
 * on a dependency does not hold every caller of the key.
 */
final class SingleFlight {

    /** What {@link #await} returns when the running load did not finish in time. */
    static final Object WAIT_EXPIRED = new Object();

    private final ConcurrentHashMap<String, CompletableFuture<Object>> running = new ConcurrentHashMap<>();
    private final long waitNanos;

    SingleFlight(long waitNanos) {
        this.waitNanos = waitNanos;
    }

    /** How long a caller waits for the running load. */
    long waitNanos() {
        return waitNanos;
    }

    /**
     * Makes {@code flight} the load of {@code key} and returns {@code null}, or returns the load already
     * running, which the caller then {@link #await}s.
     */
    CompletableFuture<Object> join(String key, CompletableFuture<Object> flight) {
        return running.putIfAbsent(key, flight);
    }

    /** Runs {@code load} as {@code flight}, the load of {@code key} this caller {@link #join joined} first. */
    Object lead(String key, CompletableFuture<Object> flight, Supplier<Object> load) {
        try {
            Object value = load.get();
            flight.complete(value);
            return value;
        } catch (Throwable t) {
            flight.completeExceptionally(t);
            throw t;
        } finally {
            running.remove(key, flight);
        }
    }

    /** The value of {@code flight}, or {@link #WAIT_EXPIRED} when it did not come within the load wait. */
    Object await(CompletableFuture<Object> flight) {
        try {
            return flight.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return WAIT_EXPIRED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for another load", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new CompletionException(e.getCause());
        }
    }
}
