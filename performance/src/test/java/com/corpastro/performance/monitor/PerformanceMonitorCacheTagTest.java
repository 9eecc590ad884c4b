package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.corpastro.testing.MutableClock;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A cached route's requests are tagged {@code cache=hit|miss} in their response-time series; every
 * consumer that groups by route still sees one route, counted once.
 */
class PerformanceMonitorCacheTagTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).meterRegistry(registry)
            .build();

    @Test
    void hitsAndMissesOfARouteAreTaggedApartAndCountedOnceByRoute() {
        monitor.recordResponseTime("/api/templates/{key}", "GET", 200, 2, true);
        monitor.recordResponseTime("/api/templates/{key}", "GET", 200, 3, true);
        monitor.recordResponseTime("/api/templates/{key}", "GET", 200, 40, false);
        monitor.recordResponseTime("/api/users", "POST", 201, 20);
        clock.advance(Duration.ofSeconds(1));

        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, T0, clock.instant(), Map.of("cache", "hit")))
                .hasSize(2).allSatisfy(point -> assertThat(point.tags()).containsEntry("path", "/api/templates/{key}"));
        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, T0, clock.instant(), Map.of("path", "/api/users")))
                .singleElement().satisfies(point -> assertThat(point.tags()).doesNotContainKey("cache"));
        // The summary, the charts' buckets and the rollups' readers group by route: one route, three requests.
        assertThat(monitor.summary(Duration.ofMinutes(1)).slowestRoutes())
                .filteredOn(route -> route.name().equals("GET /api/templates/{key}")).singleElement()
                .satisfies(route -> assertThat(route.count()).isEqualTo(3));
        assertThat(monitor.getAggregatedMetrics(MetricType.RESPONSE_TIME, T0, clock.instant(), Aggregation.COUNT,
                1_000, Map.of("path", "/api/templates/{key}"), MetricSource.RAW)).singleElement()
                .satisfies(bucket -> assertThat(bucket.value()).isEqualTo(3.0));
        // Micrometer keeps one timer per route and status, without the cache tag.
        List<Timer> timers = List.copyOf(registry.find("corp_astro.monitor.response_time")
                .tag("path", "/api/templates/{key}").timers());
        assertThat(timers).singleElement().satisfies(timer -> {
            assertThat(timer.count()).isEqualTo(3);
            assertThat(timer.getId().getTag("cache")).isNull();
        });
    }
}
