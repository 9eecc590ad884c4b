package com.corpastro.performance.analytics;

import java.time.Instant;

import com.corpastro.performance.monitor.InMemoryRollupStore;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.RollupStore;
import com.corpastro.testing.MutableClock;

/** A monitor on a fake clock, and the analytics over it, for the analytics' tests. */
final class Traffic {

    final MutableClock clock;
    final PerformanceMonitor monitor;
    final AnalyticsProperties properties;
    final PerformanceReports reports;

    Traffic(Instant start, AnalyticsProperties properties) {
        this(start, properties, new InMemoryRollupStore(1_000_000), "node-1");
    }

    Traffic(Instant start, AnalyticsProperties properties, RollupStore store, String node) {
        this(start, properties, store, node, new InMemoryAnalyticsStore(100));
    }

    /** Reports over {@code store}'s minute rollups and {@code analytics}' hourly ones. */
    Traffic(Instant start, AnalyticsProperties properties, RollupStore store, String node, AnalyticsStore analytics) {
        this.clock = new MutableClock(start);
        this.monitor = PerformanceMonitor.builder().clock(clock).nodeId(node).rollupStore(store).build();
        this.properties = properties;
        properties.validate();
        this.reports = new PerformanceReports(monitor, (method, path) -> path.startsWith("/content") ? "content"
                : path.startsWith("/public") ? "public" : "api", properties, analytics);
    }

    /** Records {@code count} requests of {@code method path} answering {@code status}, spread over {@code ms(i)}. */
    void record(String method, String path, int status, int count, java.util.function.IntToDoubleFunction ms) {
        for (int i = 0; i < count; i++) {
            monitor.recordResponseTime(path, method, status, ms.applyAsDouble(i));
        }
    }
}
