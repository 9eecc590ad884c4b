package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A {@link CacheManager} that stores nothing: {@code get} is always empty and {@code getOrSet}
 * always runs the loader. What {@code corp-astro.cache.enabled=false} gives, so a service can be
 * measured with its optimizations off.
 */
public final class DisabledCacheManager implements CacheManager {

    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final InvalidationListener invalidationListener;

    /** A cache that stores nothing and tells nobody of invalidations. */
    public DisabledCacheManager() {
        this(InvalidationListener.NONE);
    }

    /**
     * A cache that stores nothing but still tells {@code listener} of every invalidation (an edge
     * cache in front of the service holds copies even when this one holds none).
     */
    public DisabledCacheManager(InvalidationListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("invalidationListener must not be null");
        }
        this.invalidationListener = listener;
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        misses.increment();
        return Optional.empty();
    }

    @Override
    public void set(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
    }

    @Override
    public <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        misses.increment();
        loads.increment();
        long started = System.nanoTime();
        try {
            return loader.get();
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        } finally {
            loadNanos.add(System.nanoTime() - started);
        }
    }

    @Override
    public void delete(String key) {
    }

    @Override
    public void invalidateEntity(String entityType, Object entityId) {
        invalidationListener.invalidating(EntityTag.of(entityType, entityId));
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(0, misses.sum(), loads.sum(), loadFailures.sum(), loadNanos.sum(), 0, 0, 0);
    }
}
