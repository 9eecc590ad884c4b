package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.corpastro.testing.MutableClock;

class PerformanceMonitorGraphQlTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).build();

    @Test
    void graphQlOperationsAreRecordedByNameTypeAndSuccessWithoutClashingWithTheQueryParameterType() {
        monitor.recordGraphQlOperation("Dashboard", "query", 12.5, true);
        clock.advance(Duration.ofMillis(5));
        monitor.recordGraphQlOperation("Rename", "mutation", 30, false);

        List<MetricPoint> mutations = monitor.getMetrics(MetricType.GRAPHQL_OPERATION, T0, T0.plusSeconds(1),
                Map.of("operationType", "mutation"));

        assertThat(mutations).singleElement().satisfies(point -> {
            assertThat(point.value()).isEqualTo(30);
            assertThat(point.tags()).containsExactly(Map.entry("operation", "Rename"),
                    Map.entry("operationType", "mutation"), Map.entry("success", "false"));
        });
        // "type" selects the metric type in /api/admin/metrics, so no metric type may have a tag of that name.
        assertThat(MetricType.values()).allSatisfy(type -> assertThat(type.tagNames()).doesNotContain("type"));
    }
}
