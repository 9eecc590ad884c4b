package com.corpastro.performance.cache;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Drops the expired L1 entries nobody reads again (a read drops its own), which nothing else frees
 * before the size bound: a write starts a sweep at most once a minute, on the common pool, so the
 * request that happens to write at that moment does not wait for the walk over L1.
 */
final class L1Sweeper {

    /** How often a write also drops the expired L1 entries nobody read. */
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final L1 l1;
    private final Ticker ticker;
    /** How long past its expiry an entry is kept for stale-while-revalidate. */
    private final long staleNanos;
    private final LongAdder evictions;
    /** Ticker time of the next sweep. */
    private final AtomicLong nextSweep;

    L1Sweeper(L1 l1, Ticker ticker, long staleNanos, LongAdder evictions) {
        this.l1 = l1;
        this.ticker = ticker;
        this.staleNanos = staleNanos;
        this.evictions = evictions;
        this.nextSweep = new AtomicLong(ticker.read() + INTERVAL_NANOS);
    }

    /** Starts a sweep when one is due; called after every write. */
    void sweepIfDue() {
        long now = ticker.read();
        long due = nextSweep.get();
        if (now - due < 0 || !nextSweep.compareAndSet(due, now + INTERVAL_NANOS)) {
            return;
        }
        ForkJoinPool.commonPool().execute(() -> dropExpired(now));
    }

    private void dropExpired(long now) {
        for (var map : l1.maps()) {
            for (var cached : map.entrySet()) {
                if (now - cached.getValue().expiresAt >= staleNanos && map.remove(cached.getKey(), cached.getValue())) {
                    evictions.increment();
                }
            }
        }
    }
}
