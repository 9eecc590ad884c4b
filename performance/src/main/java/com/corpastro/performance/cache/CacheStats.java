package com.corpastro.performance.cache;

/**
 * Cache counters since start-up.
 *
 * @param hits          lookups answered from the cache
 * @param misses        lookups that found nothing usable
 * @param loads         loader runs started by {@code getOrSet}
 * @param loadFailures  loader runs that threw
 * @param totalLoadNanos time spent in loaders
 * @param evictions     entries removed for size or expiry
 * @param invalidations entity invalidations applied
 * @param size          entries held now (approximate)
 */
public record CacheStats(long hits, long misses, long loads, long loadFailures, long totalLoadNanos,
        long evictions, long invalidations, long size) {

    /** Hits over lookups, 0 when nothing was looked up. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
