package com.corpastro.performance.cache;

import java.util.concurrent.atomic.LongAdder;

/** The counters of a {@link TieredCacheManager} since start-up, read as {@link CacheStats}. */
final class CacheCounters {

    final LongAdder l1Hits = new LongAdder();
    final LongAdder l1Misses = new LongAdder();
    final LongAdder l2Hits = new LongAdder();
    final LongAdder l2Misses = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder evictions = new LongAdder();
    final LongAdder invalidations = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder lagNanos = new LongAdder();
    final LongAdder l2Undecodable = new LongAdder();
    final LongAdder l2MissesRemembered = new LongAdder();

    /** The counters now, with the L1 size and the Redis level's errors and sent messages ({@code redis} may be null). */
    CacheStats stats(long size, RedisTier redis) {
        long l1HitCount = l1Hits.sum();
        long l2HitCount = l2Hits.sum();
        return new CacheStats(l1HitCount + l2HitCount, misses.sum(), loads.sum(), loadFailures.sum(), loadNanos.sum(),
                evictions.sum(), invalidations.sum(), size, l1HitCount, l1Misses.sum(), l2HitCount, l2Misses.sum(),
                redis == null ? 0 : redis.errors(), redis == null ? 0 : redis.sent(), received.sum(), lagNanos.sum(),
                l2Undecodable.sum(), l2MissesRemembered.sum());
    }
}
