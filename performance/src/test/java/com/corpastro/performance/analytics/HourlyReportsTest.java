package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.monitor.InMemoryRollupStore;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.RollupStore;

/** Reports over hourly rollups answer exactly as over the minute rollups they were merged from. */
class HourlyReportsTest {

    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    /** Five hours after T0 and the settle delay: the first five hours are settled. */
    static final Instant NOW = T0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(11));

    /**
     * Two nodes, five hours: a cached route answering hits and misses (the misses slower), a route
     * with 5xx answers, and one whose p95 grows in the last hours.
     */
    static List<Rollup> fiveHoursOnTwoNodes() {
        List<Rollup> rollups = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            rollups.addAll(Rollups.minutes(node, "GET", "/api/cached/{id}", 200, "hit", T0, 300, 6, 2));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/cached/{id}", 200, "miss", T0, 300, 2, 40));
            rollups.addAll(Rollups.minutes(node, "POST", "/api/orders", 200, T0, 300, 3, 25));
            rollups.addAll(Rollups.minutes(node, "POST", "/api/orders", 503, T0, 300, 1, 900));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/slowed", 200, T0, 150, 4, 20));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/slowed", 200, T0.plus(Duration.ofMinutes(150)), 150, 4,
                    60));
        }
        return rollups;
    }

    static AnalyticsProperties minutesOnly() {
        AnalyticsProperties properties = new AnalyticsProperties();
        properties.setHourlyRollups(false);
        return properties;
    }

    @Test
    void aReportOverHourlyRollupsEqualsTheOneOverMinutesAndCarriesEachRoutesCacheHitRate() {
        RollupStore minutes = new InMemoryRollupStore(1_000_000);
        minutes.save(fiveHoursOnTwoNodes());
        InMemoryAnalyticsStore hours = new InMemoryAnalyticsStore(10);
        // Partial hours at the edges, whole hours between; the baseline ends before the route slowed.
        Instant from = T0.plus(Duration.ofMinutes(167));
        Instant to = T0.plus(Duration.ofHours(5));
        Instant baselineFrom = T0.plus(Duration.ofMinutes(13));
        Instant baselineTo = T0.plus(Duration.ofMinutes(146));

        PerformanceReport fromMinutes = new Traffic(NOW, minutesOnly(), minutes, "reader").reports
                .report(from, to, baselineFrom, baselineTo);
        PerformanceReport compacting = new Traffic(NOW, new AnalyticsProperties(), minutes, "reader", hours).reports
                .report(from, to, baselineFrom, baselineTo);
        PerformanceReport fromStoredHours = new Traffic(NOW, new AnalyticsProperties(), minutes, "other", hours)
                .reports.report(from, to, baselineFrom, baselineTo);

        assertThat(compacting).isEqualTo(fromMinutes);
        assertThat(fromStoredHours).isEqualTo(fromMinutes);
        assertThat(fromMinutes.regressions()).extracting(RouteReport::route).containsExactly("GET /api/slowed");
        RouteReport cached = fromMinutes.routes().stream().filter(r -> r.route().equals("GET /api/cached/{id}"))
                .findFirst().orElseThrow();
        assertThat(cached.cacheHitRate()).isEqualTo(0.75);
        assertThat(cached.baseline().cacheHitRate()).isEqualTo(0.75);
        RouteReport orders = fromMinutes.routes().stream().filter(r -> r.route().equals("POST /api/orders"))
                .findFirst().orElseThrow();
        assertThat(orders.cacheHitRate()).isNull();
        assertThat(orders.errorRate()).isEqualTo(0.25);
    }

    @Test
    void anHourIsStoredAsOneRowPerSeriesWithBothNodesMinutes() {
        RollupStore minutes = new InMemoryRollupStore(1_000_000);
        minutes.save(fiveHoursOnTwoNodes());
        InMemoryAnalyticsStore hours = new InMemoryAnalyticsStore(10);
        Traffic traffic = new Traffic(NOW, new AnalyticsProperties(), minutes, "reader", hours);

        traffic.reports.warmUp(Duration.ofDays(1));

        List<Rollup> first = hours.hourlyRollups(MetricType.RESPONSE_TIME, T0.toEpochMilli(),
                T0.plus(Duration.ofHours(1)).toEpochMilli()).get(T0.toEpochMilli());
        assertThat(first).hasSize(5).allMatch(row -> row.nodeId().equals(HourlyRollups.ALL_NODES));
        Rollup hits = first.stream().filter(row -> "hit".equals(row.tags().get("cache"))).findFirst().orElseThrow();
        assertThat(hits.count()).isEqualTo(2 * 60 * 6);
        assertThat(hits.minuteStart()).isEqualTo(T0.toEpochMilli());
        // Hours before the traffic are stored empty; the hour not settled yet is not stored.
        assertThat(hours.hourlyRollups(MetricType.RESPONSE_TIME, T0.minus(Duration.ofHours(3)).toEpochMilli(),
                NOW.toEpochMilli())).hasSize(8).containsEntry(T0.minus(Duration.ofHours(1)).toEpochMilli(), List.of());
    }
}
