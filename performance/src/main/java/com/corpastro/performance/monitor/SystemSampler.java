package com.corpastro.performance.monitor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Takes one sample of the process into a {@link PerformanceMonitor} per {@link #sample()} call:
 * process and system CPU load, heap used / committed / max, non-heap used, GC pause time since
 * the previous sample, live threads, and the hit rate of each cache since the previous sample.
 * The monitor's auto-configuration calls it every {@code corp-astro.monitor.sample-interval}.
 */
public final class SystemSampler {

    private final PerformanceMonitor monitor;
    private final Map<String, Supplier<CacheCounts>> caches;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final Map<String, CacheCounts> previousCaches = new HashMap<>();
    private long previousGcMillis = -1;

    /**
     * @param caches cache name to its counters since start-up; the hit rate between two samples
     *               is recorded as {@link MetricType#CACHE}
     */
    public SystemSampler(PerformanceMonitor monitor, Map<String, Supplier<CacheCounts>> caches) {
        this.monitor = monitor;
        this.caches = Map.copyOf(caches);
    }

    /** Records one sample of every value. */
    public synchronized void sample() {
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double process = sun.getProcessCpuLoad();
            if (process >= 0) {
                monitor.recordCpuUsage("process", process * 100);
            }
            double system = sun.getCpuLoad();
            if (system >= 0) {
                monitor.recordCpuUsage("system", system * 100);
            }
        }
        MemoryUsage heap = memory.getHeapMemoryUsage();
        monitor.recordMemoryUsage("heap_used", heap.getUsed());
        monitor.recordMemoryUsage("heap_committed", heap.getCommitted());
        if (heap.getMax() > 0) {
            monitor.recordMemoryUsage("heap_max", heap.getMax());
        }
        monitor.recordMemoryUsage("non_heap_used", memory.getNonHeapMemoryUsage().getUsed());
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : collectors) {
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        if (previousGcMillis >= 0) {
            monitor.recordMemoryUsage("gc_pause", gcMillis - previousGcMillis);
        }
        previousGcMillis = gcMillis;
        monitor.recordMemoryUsage("live_threads", threads.getThreadCount());
        for (Map.Entry<String, Supplier<CacheCounts>> cache : caches.entrySet()) {
            CacheCounts now = cache.getValue().get();
            CacheCounts before = previousCaches.put(cache.getKey(), now);
            if (before != null) {
                long hits = now.hits() - before.hits();
                long lookups = hits + now.misses() - before.misses();
                if (lookups > 0) {
                    monitor.recordCacheHitRate(cache.getKey(), 100.0 * hits / lookups);
                }
            }
        }
    }

    /**
     * A cache's counters since start-up.
     *
     * @param hits   lookups answered from the cache
     * @param misses lookups that were not
     */
    public record CacheCounts(long hits, long misses) {
    }
}
