package com.corpastro.performance.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * A Caffeine {@link Ticker} that returns a time a daemon thread refreshes every millisecond, so an
 * L1 hit does not pay for {@code System.nanoTime()} (about 40 ns on some virtual machines, more
 * than the rest of a hit). Entries expire at most about a millisecond late.
 */
final class CoarseTicker implements Ticker, AutoCloseable {

    private static final long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Thread thread;
    private volatile long now = System.nanoTime();
    private volatile boolean closed;

    CoarseTicker(String name) {
        this.thread = new Thread(this::run, "corp-astro-cache-" + name + "-clock");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public long read() {
        return now;
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(this, RESOLUTION_NANOS);
            now = System.nanoTime();
        }
    }
}
