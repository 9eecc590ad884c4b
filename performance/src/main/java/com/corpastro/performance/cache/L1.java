package com.corpastro.performance.cache;

import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * The in-process level: Caffeine bounded by weight in bytes, and optionally a region of its own for the
 * keys of some prefixes (a token cache's small entries, read on every request), bounded apart, so that
 * large entries of the main region (stored responses) never evict them. No Caffeine expiry: each entry's
 * deadline is checked on read against the coarse ticker (an expiring Caffeine cache reads its ticker and
 * checks write times on every hit too), and writes sweep out the expired entries nobody reads.
 */
final class L1 {

    private static final String[] NONE = {};

    private final Cache<String, CacheEntry> main;
    /** {@code null} without prefixes. */
    private final Cache<String, CacheEntry> region;
    private final String[] regionPrefixes;

    L1(long maximumWeight, List<String> regionPrefixes, long regionMaximumWeight, LongAdder evictions) {
        this.main = build(maximumWeight, evictions);
        this.regionPrefixes = regionPrefixes.toArray(NONE);
        this.region = regionPrefixes.isEmpty() ? null : build(regionMaximumWeight, evictions);
    }

    private static Cache<String, CacheEntry> build(long maximumWeight, LongAdder evictions) {
        return Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((String key, CacheEntry entry) -> (int) Math.min(Integer.MAX_VALUE,
                        entry.weight + RetainedSize.of(key)))
                .evictionListener((String key, CacheEntry value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    /** The cache that holds {@code key}: the region when the key starts with one of its prefixes. */
    private Cache<String, CacheEntry> of(String key) {
        for (String prefix : regionPrefixes) {
            if (key.startsWith(prefix)) {
                return region;
            }
        }
        return main;
    }

    CacheEntry get(String key) {
        return of(key).getIfPresent(key);
    }

    void put(String key, CacheEntry entry) {
        of(key).put(key, entry);
    }

    void invalidate(String key) {
        of(key).invalidate(key);
    }

    /** Removes {@code key} only while it still maps to {@code entry}. */
    boolean remove(String key, CacheEntry entry) {
        return of(key).asMap().remove(key, entry);
    }

    void invalidateAll() {
        main.invalidateAll();
        if (region != null) {
            region.invalidateAll();
        }
    }

    long estimatedSize() {
        return main.estimatedSize() + (region == null ? 0 : region.estimatedSize());
    }

    /** The maps of every region, for the sweep of expired entries. */
    List<ConcurrentMap<String, CacheEntry>> maps() {
        return region == null ? List.of(main.asMap()) : List.of(main.asMap(), region.asMap());
    }
}
