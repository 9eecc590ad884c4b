package com.corpastro.performance.monitor;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

import org.springframework.core.Ordered;

/**
 * Takes one sample of the process into a {@link PerformanceMonitor} per call: process and system
 * CPU load, heap used / committed / max, non-heap used, GC pause time since the previous sample
 * and live threads. The monitor's background thread runs it every
 * {@code corp-astro.monitor.sample-interval}, before the other {@link MonitorSampler}s.
 */
final class SystemSampler implements MonitorSampler, Ordered {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private long previousGcMillis = -1;

    /** First: the process sample comes before the features' samples. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Records one sample of every value. */
    @Override
    public synchronized void sample(PerformanceMonitor monitor) {
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
    }
}
