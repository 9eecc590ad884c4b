package com.corpastro.performance.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * An in-process {@link CacheManager} on Caffeine: per-entry TTL, a bound on the number of
 * entries, single-flight loads and entity invalidation by generation counters.
 *
 * <p>Every entry remembers the sequence number current when its value was read from the
 * source. {@link #invalidateEntity} stamps the entity with a newer sequence number, so an
 * entry built before the invalidation, including one whose load was still running, is
 * rejected on its next read instead of being served.
 *
 * <pre>{@code
 * CacheManager cache = LocalCacheManager.builder().maximumEntries(50_000).build();
 * }</pre>
 */
public final class LocalCacheManager implements CacheManager {

    private final Cache<String, Entry> entries;
    /** Entity tag to the sequence number of its last invalidation; kept as long as the longest TTL. */
    private final Cache<EntityTag, Long> generations;
    private final ConcurrentHashMap<String, CompletableFuture<Object>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Ticker ticker;
    private final Duration maximumTtl;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder invalidations = new LongAdder();

    private LocalCacheManager(Builder builder) {
        this.ticker = builder.ticker;
        this.maximumTtl = builder.maximumTtl;
        this.entries = Caffeine.newBuilder()
                .maximumSize(builder.maximumEntries)
                .expireAfter(new EntryExpiry())
                .ticker(ticker)
                .removalListener((String key, Entry value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .executor(Runnable::run)
                .build();
        this.generations = Caffeine.newBuilder()
                .expireAfterWrite(maximumTtl)
                .ticker(ticker)
                .build();
    }

    /** A builder with the defaults: 10,000 entries, TTLs capped at one day, the system ticker. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) {
        Entry entry = lookup(key);
        if (entry == null || !type.isInstance(entry.value)) {
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(type.cast(entry.value));
    }

    @Override
    public void set(String key, Object value, Duration ttl, Collection<EntityTag> tags) {
        store(key, value, ttl, tags, sequence.get());
    }

    @Override
    public <T> T getOrSet(String key, Class<T> type, Duration ttl, Collection<EntityTag> tags,
            Supplier<? extends T> loader) {
        Entry entry = lookup(key);
        if (entry != null && type.isInstance(entry.value)) {
            hits.increment();
            return type.cast(entry.value);
        }
        misses.increment();
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return type.cast(await(running));
        }
        try {
            // A load that finished between the first lookup and putIfAbsent left its value here.
            entry = lookup(key);
            if (entry != null && type.isInstance(entry.value)) {
                mine.complete(entry.value);
                return type.cast(entry.value);
            }
            long readAt = sequence.get();
            loads.increment();
            long started = ticker.read();
            T value;
            try {
                value = loader.get();
            } catch (RuntimeException | Error e) {
                loadFailures.increment();
                throw e;
            } finally {
                loadNanos.add(ticker.read() - started);
            }
            if (value != null) {
                store(key, value, ttl, tags, readAt);
            }
            mine.complete(value);
            return value;
        } catch (Throwable t) {
            mine.completeExceptionally(t);
            throw t;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    @Override
    public void delete(String key) {
        entries.invalidate(key);
    }

    @Override
    public void invalidateEntity(String entityType, Object entityId) {
        generations.put(EntityTag.of(entityType, entityId), sequence.incrementAndGet());
        invalidations.increment();
    }

    @Override
    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), loads.sum(), loadFailures.sum(), loadNanos.sum(),
                evictions.sum(), invalidations.sum(), entries.estimatedSize());
    }

    /** Drops every entry, e.g. to give memory back under pressure. */
    public void clear() {
        entries.invalidateAll();
    }

    private Entry lookup(String key) {
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        for (EntityTag tag : entry.tags) {
            Long invalidatedAt = generations.getIfPresent(tag);
            if (invalidatedAt != null && invalidatedAt > entry.readAt) {
                entries.asMap().remove(key, entry);
                return null;
            }
        }
        return entry;
    }

    private void store(String key, Object value, Duration ttl, Collection<EntityTag> tags, long readAt) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0, was " + ttl);
        }
        long ttlNanos = (ttl.compareTo(maximumTtl) > 0 ? maximumTtl : ttl).toNanos();
        entries.put(key, new Entry(value, List.copyOf(tags), readAt, ttlNanos));
    }

    private static Object await(CompletableFuture<Object> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private record Entry(Object value, List<EntityTag> tags, long readAt, long ttlNanos) {
    }

    private static final class EntryExpiry implements Expiry<String, Entry> {

        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return entry.ttlNanos;
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return entry.ttlNanos;
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    /** Builds a {@link LocalCacheManager}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private long maximumEntries = 10_000;
        private Duration maximumTtl = Duration.ofDays(1);
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {
        }

        /** The most entries held before the least valuable are evicted. */
        public Builder maximumEntries(long maximumEntries) {
            if (maximumEntries <= 0) {
                throw new IllegalArgumentException("maximumEntries must be > 0, was " + maximumEntries);
            }
            this.maximumEntries = maximumEntries;
            return this;
        }

        /** The longest TTL an entry gets; longer TTLs are shortened to it. */
        public Builder maximumTtl(Duration maximumTtl) {
            if (maximumTtl == null || maximumTtl.isNegative() || maximumTtl.isZero()) {
                throw new IllegalArgumentException("maximumTtl must be > 0, was " + maximumTtl);
            }
            this.maximumTtl = maximumTtl;
            return this;
        }

        /** The time source, so tests can move time instead of sleeping. */
        public Builder ticker(Ticker ticker) {
            if (ticker == null) {
                throw new IllegalArgumentException("ticker must not be null");
            }
            this.ticker = ticker;
            return this;
        }

        public LocalCacheManager build() {
            return new LocalCacheManager(this);
        }
    }
}
