package com.corpastro.performance.cache;

import java.util.function.Supplier;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.MonitorSampler;
import com.corpastro.performance.monitor.PerformanceMonitor;

/**
 * Records the application cache's hit rate between two samples as {@link MetricType#CACHE}
 * under the cache name {@code application}: the dashboard's cache chart.
 */
final class CacheHitRateSampler implements MonitorSampler {

    private final String name;
    private final Supplier<CacheManager> cache;
    private long previousHits = -1;
    private long previousMisses;

    /** @param cache the application cache, or {@code null} when there is none (or more than one) */
    CacheHitRateSampler(String name, Supplier<CacheManager> cache) {
        this.name = name;
        this.cache = cache;
    }

    @Override
    public synchronized void sample(PerformanceMonitor monitor) {
        CacheManager manager = cache.get();
        if (manager == null) {
            return;
        }
        CacheStats now = manager.stats();
        if (previousHits >= 0) {
            long hits = now.hits() - previousHits;
            long lookups = hits + now.misses() - previousMisses;
            if (lookups > 0) {
                monitor.recordCacheHitRate(name, 100.0 * hits / lookups);
            }
        }
        previousHits = now.hits();
        previousMisses = now.misses();
    }
}
