package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import com.corpastro.testing.MutableClock;

class PerformanceMonitorMemoryBoundTest {

    private static final int MB = 1024 * 1024;

    @Test
    void memoryStaysBoundedWhileRecordingFiveMillionPoints() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        InMemoryRollupStore rollups = new InMemoryRollupStore(50_000);
        PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).rollupStore(rollups)
                .maximumSeries(2_000).build();
        long before = usedHeapAfterGc();

        for (int i = 0; i < 5_000_000; i++) {
            if (i % 10_000 == 0) {
                clock.advance(Duration.ofSeconds(1));
            }
            if (i % 250_000 == 0) {
                monitor.flush();
            }
            // every thousandth request hits a new, never seen path: unbounded cardinality
            String path = i % 1_000 == 0 ? "/api/items/" + i : "/api/items/{id}";
            monitor.recordResponseTime(path, "GET", 200 + i % 3, i % 97);
        }
        monitor.flush();
        long after = usedHeapAfterGc();

        // one recording thread fills its stripe; the store never holds more than its capacity
        assertThat(monitor.capacity()).isEqualTo(1_000_000);
        assertThat(monitor.storedPoints()).isPositive().isLessThanOrEqualTo(monitor.capacity());
        assertThat(monitor.allocatedPoints()).isLessThanOrEqualTo(1_000_000 + 8 * 65_536);
        assertThat(monitor.seriesCount()).isLessThanOrEqualTo(2_000);
        assertThat(monitor.pendingMinutes()).isLessThanOrEqualTo(2);
        assertThat(rollups.size()).isLessThanOrEqualTo(50_000);
        assertThat(monitor.lostPoints()).isZero();
        // 1,000,000 points at 28 bytes plus series and a few minutes of rollups
        assertThat((after - before) / MB).as("retained heap in MB").isLessThan(80);
        // the recent window still answers, new paths beyond the limit are pooled as _other
        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, clock.instant().minusSeconds(1),
                clock.instant().plusSeconds(1), Map.of("path", "_other"), 10)).isNotEmpty();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
