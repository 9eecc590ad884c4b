package com.corpastro.performance.monitor;

/**
 * Records a sample of something into the {@link PerformanceMonitor} every
 * {@code corp-astro.monitor.sample-interval}, on the monitor's background thread, such as a
 * cache's hit rate since the previous sample. Beans of this type are picked up by the monitor's
 * auto-configuration, after its own sample of the process (CPU, heap, GC, threads).
 *
 * <pre>{@code
 * @Bean
 * MonitorSampler queueDepth(WorkQueue queue) {
 *     return monitor -> monitor.recordMemoryUsage("queue_depth", queue.size());
 * }
 * }</pre>
 *
 * Implementations must be quick; an exception is logged and the next sample runs as usual.
 */
@FunctionalInterface
public interface MonitorSampler {

    /** Records this sample into {@code monitor}. */
    void sample(PerformanceMonitor monitor);
}
