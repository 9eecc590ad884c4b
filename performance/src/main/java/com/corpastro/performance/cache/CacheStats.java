package com.corpastro.performance.cache;

/**
 * Cache counters since start-up. {@link #hits()}, {@link #misses()} and {@link #hitRate()} are
 * overall: a lookup is a hit when either level answered it. The per-level counters say which.
 *
 * @param hits                  lookups answered from the cache (either level)
 * @param misses                lookups that found nothing usable in any level
 * @param loads                 loader runs started by {@code getOrSet}
 * @param loadFailures          loader runs that threw
 * @param totalLoadNanos        time spent in loaders
 * @param evictions             L1 entries removed for size or expiry
 * @param invalidations         entity invalidations applied by this node
 * @param size                  entries held in L1 now (approximate)
 * @param l1Hits                lookups answered by the in-process level
 * @param l1Misses              lookups the in-process level could not answer
 * @param l2Hits                lookups answered by Redis after an L1 miss
 * @param l2Misses              Redis lookups that found nothing usable
 * @param l2Errors              Redis commands that failed or timed out
 * @param invalidationsSent     invalidation messages this node published
 * @param invalidationsReceived invalidation messages from other nodes applied here
 * @param invalidationLagNanos  summed delay between publishing and applying received invalidations
 * @param l2Undecodable         Redis entries found but not readable as the requested type (counted as L2 misses too)
 * @param l2MissesRemembered    {@code get}s answered "absent" from a Redis miss remembered for a short time
 */
public record CacheStats(long hits, long misses, long loads, long loadFailures, long totalLoadNanos,
        long evictions, long invalidations, long size,
        long l1Hits, long l1Misses, long l2Hits, long l2Misses, long l2Errors,
        long invalidationsSent, long invalidationsReceived, long invalidationLagNanos, long l2Undecodable,
        long l2MissesRemembered) {

    /** Counters of a single-level cache: every hit and miss is an L1 one. */
    public CacheStats(long hits, long misses, long loads, long loadFailures, long totalLoadNanos,
            long evictions, long invalidations, long size) {
        this(hits, misses, loads, loadFailures, totalLoadNanos, evictions, invalidations, size,
                hits, misses, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Hits over lookups, 0 when nothing was looked up. */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }

    /** Mean delay between another node publishing an invalidation and this node applying it, 0 when none came. */
    public double meanInvalidationLagMillis() {
        return invalidationsReceived == 0 ? 0.0 : invalidationLagNanos / 1e6 / invalidationsReceived;
    }
}
