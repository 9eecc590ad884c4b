package com.corpastro.performance.cache;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Keys that {@code get} just found in neither level (negative caching of Redis misses): for a short
 * time (by default 1 s) another {@code get} of the key answers "absent" without a Redis round trip.
 * At most 10,000 keys. A set, delete or fill of the key on this node, a key change from another node
 * and a flush forget it; a plain miss-fill on another node (which tells no one) is seen once the time
 * ran out.
 */
final class MissesInRedis {

    static final int MAXIMUM_KEYS = 10_000;

    /** {@code null} when turned off (a time of 0). */
    private final Cache<String, Boolean> keys;
    private final LoadFences fences;

    MissesInRedis(Duration remembered, Ticker ticker, LoadFences fences) {
        this.fences = fences;
        this.keys = remembered.isZero() ? null : Caffeine.newBuilder()
                .maximumSize(MAXIMUM_KEYS)
                .expireAfterWrite(remembered)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Whether {@code key} was missing from Redis a moment ago. */
    boolean remembered(String key) {
        return keys != null && keys.getIfPresent(key) != null;
    }

    /** {@code key} was missing from Redis in a lookup that began at these counts; kept unless it changed since. */
    void remember(String key, long keyChangeAtStart, long flushAtStart) {
        if (keys == null) {
            return;
        }
        keys.put(key, Boolean.TRUE);
        if (fences.fenced(key, keyChangeAtStart, flushAtStart)) {
            keys.invalidate(key);
        }
    }

    void forget(String key) {
        if (keys != null) {
            keys.invalidate(key);
        }
    }

    void clear() {
        if (keys != null) {
            keys.invalidateAll();
        }
    }
}
