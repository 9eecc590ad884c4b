package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * What keeps a load from storing a value older than a change: each key's last set or delete (for
 * the fence time) and the flushes of L1. A load notes {@link #keyChanges()} and {@link #flushes()}
 * when it begins and stores only if it is not {@link #fenced} since.
 */
final class LoadFences {

    /** Key to the {@link #keyChanges} count of its last set/delete. */
    private final Cache<String, Long> keyFences;
    private final AtomicLong keyChanges = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();

    LoadFences(Duration fence, Ticker ticker) {
        this.keyFences = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(fence)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** The count of key changes so far; a load notes it when it begins. */
    long keyChanges() {
        return keyChanges.get();
    }

    /** The count of flushes so far; a load notes it when it begins. */
    long flushes() {
        return flushes.get();
    }

    /** {@code key} was set or deleted: loads of it that began before must not store. */
    void keyChanged(String key) {
        keyFences.put(key, keyChanges.incrementAndGet());
    }

    /** L1 was flushed: no load that began before may store. */
    void flushed() {
        flushes.incrementAndGet();
    }

    /** Whether a load of {@code key} that began at these counts must not store its value. */
    boolean fenced(String key, long keyChangeAtStart, long flushAtStart) {
        if (flushes.get() != flushAtStart) {
            return true;
        }
        Long changedAt = keyFences.getIfPresent(key);
        return changedAt != null && changedAt > keyChangeAtStart;
    }
}
