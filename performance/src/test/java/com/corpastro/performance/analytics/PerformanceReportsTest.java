package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PerformanceReportsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final Traffic traffic = new Traffic(T0, new AnalyticsProperties());

    @Test
    void onlyTheRouteThatGotSlowerIsFlagged() {
        traffic.record("GET", "/api/fast", 200, 200, i -> 10 + i % 10);
        traffic.record("GET", "/api/slowed", 200, 200, i -> 12 + i % 10);
        traffic.clock.advance(Duration.ofHours(1));
        traffic.record("GET", "/api/fast", 200, 300, i -> 10 + i % 11);
        traffic.record("GET", "/api/slowed", 200, 200, i -> 400 + i % 10);

        PerformanceReport report = traffic.reports.report(T0.plus(Duration.ofHours(1)),
                T0.plus(Duration.ofHours(2)), T0, T0.plus(Duration.ofHours(1)));

        assertThat(report.regressions()).extracting(RouteReport::route).containsExactly("GET /api/slowed");
        RouteReport slowed = report.routes().get(0);
        assertThat(slowed.p95Ms()).isCloseTo(409, within(409 * 0.011));
        assertThat(slowed.baseline().p95Ms()).isCloseTo(21, within(21 * 0.011));
        assertThat(slowed.p95Change()).isGreaterThan(15);
        assertThat(slowed.requestsChange()).isEqualTo(0.0);
        RouteReport fast = report.routes().get(1);
        assertThat(fast.route()).isEqualTo("GET /api/fast");
        assertThat(fast.requests()).isEqualTo(300);
        assertThat(fast.requestsChange()).isEqualTo(0.5);
        assertThat(fast.throughputPerSecond()).isCloseTo(300 / 3600.0, within(0.001));
        assertThat(report.totals().requests()).isEqualTo(500);
        assertThat(report.totals().baseline().requests()).isEqualTo(400);
    }

    @Test
    void baselineDefaultsToThePeriodJustBeforeOfTheSameLength() {
        PerformanceReport report = traffic.reports.report(Instant.parse("2026-12-01T10:00:30Z"),
                Instant.parse("2026-12-01T11:00:10Z"), null, null);

        assertThat(report.period()).isEqualTo(new Period(T0, Instant.parse("2026-12-01T11:01:00Z")));
        assertThat(report.baseline()).isEqualTo(new Period(Instant.parse("2026-12-01T08:59:00Z"), T0));
    }

    @Test
    void aSlowerRouteWithTooFewRequestsInAPeriodIsNotFlagged() {
        traffic.record("GET", "/api/rare", 200, 29, i -> 10);
        traffic.clock.advance(Duration.ofHours(1));
        traffic.record("GET", "/api/rare", 200, 200, i -> 500);

        PerformanceReport report = traffic.reports.report(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)),
                null, null);

        assertThat(report.routes()).singleElement().satisfies(route -> {
            assertThat(route.p95Change()).isGreaterThan(40);
            assertThat(route.regression()).isFalse();
        });
    }

    @Test
    void aLargerP95WithinTheSamplingUncertaintyIsNotFlaggedButTheSameShiftOverManyRequestsIs() {
        // 30 requests of 1..30 ms, then the same with the three slowest at 45 ms: p95 grows by 60%,
        // but with 30 requests the 95% interval of the p95 spans ranks 26 to 30 in both periods.
        Traffic few = new Traffic(T0, new AnalyticsProperties());
        few.record("GET", "/api/x", 200, 30, i -> 1 + i);
        few.clock.advance(Duration.ofHours(1));
        few.record("GET", "/api/x", 200, 30, i -> i >= 27 ? 45 : 1 + i);
        RouteReport noisy = few.reports.report(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), null, null)
                .routes().get(0);
        assertThat(noisy.p95Change()).isGreaterThan(0.25);
        assertThat(noisy.regression()).isFalse();

        Traffic many = new Traffic(T0, new AnalyticsProperties());
        many.record("GET", "/api/x", 200, 3000, i -> 1 + i % 30);
        many.clock.advance(Duration.ofHours(1));
        many.record("GET", "/api/x", 200, 3000, i -> i % 30 >= 27 ? 45 : 1 + i % 30);
        RouteReport supported = many.reports.report(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), null,
                null).routes().get(0);
        assertThat(supported.regression()).isTrue();
    }

    @Test
    void aFastRouteThatGrewByLessThanTheMinimumIncreaseIsNotFlagged() {
        traffic.record("GET", "/api/x", 200, 5000, i -> 2);
        traffic.clock.advance(Duration.ofHours(1));
        traffic.record("GET", "/api/x", 200, 5000, i -> 3.2);
        Period period = new Period(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)));

        RouteReport route = traffic.reports.report(period.from(), period.to(), null, null).routes().get(0);
        assertThat(route.p95Change()).isCloseTo(0.6, within(0.03));
        assertThat(route.regression()).isFalse();

        AnalyticsProperties anyIncrease = new AnalyticsProperties();
        anyIncrease.setRegressionMinimumIncrease(Duration.ZERO);
        PerformanceReports strict = new PerformanceReports(traffic.monitor, (method, path) -> "api", anyIncrease,
                new InMemoryAnalyticsStore(10));
        assertThat(strict.report(period.from(), period.to(), null, null).routes().get(0).regression()).isTrue();
    }

    @Test
    void aChangeBelowTheThresholdIsNotFlaggedHoweverManyRequests() {
        traffic.record("GET", "/api/x", 200, 5000, i -> 100);
        traffic.clock.advance(Duration.ofHours(1));
        traffic.record("GET", "/api/x", 200, 5000, i -> 120);

        RouteReport route = traffic.reports.report(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), null,
                null).routes().get(0);

        assertThat(route.p95Change()).isCloseTo(0.2, within(0.03));
        assertThat(route.regression()).isFalse();
    }

    @Test
    void apdexUsesTheEndpointTypesThresholdAndCountsServerErrorsAsFrustrated() {
        // content: T = 100 ms; satisfied <= 100, tolerating <= 400, else frustrated
        traffic.record("GET", "/content/day", 200, 50, i -> 50);
        traffic.record("GET", "/content/day", 200, 30, i -> 200);
        traffic.record("GET", "/content/day", 200, 10, i -> 1000);
        traffic.record("GET", "/content/day", 503, 10, i -> 5);
        // api: T = 500 ms by default, so 200 ms is satisfied
        traffic.record("GET", "/api/other", 200, 10, i -> 200);
        traffic.clock.advance(Duration.ofMinutes(2));

        PerformanceReport report = traffic.reports.report(T0, T0.plus(Duration.ofMinutes(2)), null, null);

        RouteReport content = report.routes().stream().filter(r -> r.route().equals("GET /content/day")).findFirst()
                .orElseThrow();
        assertThat(content.endpointType()).isEqualTo("content");
        assertThat(content.apdex()).isEqualTo((50 + 30 / 2.0) / 100);
        assertThat(content.errorRate()).isEqualTo(0.1);
        RouteReport other = report.routes().stream().filter(r -> r.route().equals("GET /api/other")).findFirst()
                .orElseThrow();
        assertThat(other.apdex()).isEqualTo(1.0);
    }

    @Test
    void eachRouteCarriesTheShareOfItsRequestsItsCacheAnswered() {
        for (int i = 0; i < 10; i++) {
            traffic.monitor.recordResponseTime("/api/cached", "GET", 200, 2, i >= 3);
        }
        traffic.monitor.recordResponseTime("/api/cached", "GET", 404, 2, false);
        traffic.record("GET", "/api/uncached", 200, 5, i -> 5);
        traffic.monitor.recordCacheAccess("content", false);
        traffic.clock.advance(Duration.ofMinutes(1));

        PerformanceReport report = traffic.reports.report(T0, T0.plus(Duration.ofMinutes(1)), null, null);

        RouteReport cached = report.routes().stream().filter(r -> r.route().equals("GET /api/cached")).findFirst()
                .orElseThrow();
        assertThat(cached.requests()).isEqualTo(11);
        assertThat(cached.cacheHitRate()).isEqualTo(7 / 11.0, within(1e-4));
        assertThat(cached.baseline().cacheHitRate()).isNull();
        RouteReport uncached = report.routes().stream().filter(r -> r.route().equals("GET /api/uncached")).findFirst()
                .orElseThrow();
        assertThat(uncached.cacheHitRate()).isNull();
        // Requests of routes without a cache count neither way; the caches' own lookups do not count.
        assertThat(report.totals().cacheHitRate()).isEqualTo(7 / 11.0, within(1e-4));
    }

    @Test
    void badPeriodsFailWithTheValues() {
        assertThatThrownBy(() -> traffic.reports.report(T0, T0, null, null))
                .hasMessageContaining("period must start before it ends, was from=2026-12-01T10:00:00Z");
        assertThatThrownBy(() -> traffic.reports.report(T0, T0.plus(Duration.ofDays(94)), null, null))
                .hasMessageContaining("at most 93 days");
        assertThatThrownBy(() -> traffic.reports.report(T0, T0.plusSeconds(60), T0, null))
                .hasMessageContaining("baselineFrom and baselineTo must be given together");
    }

    @Test
    void settledHoursAreReadFromTheRollupsOnceAndGiveTheSameReport() {
        java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
        com.corpastro.performance.monitor.InMemoryRollupStore rollups =
                new com.corpastro.performance.monitor.InMemoryRollupStore(100_000);
        com.corpastro.performance.monitor.RollupStore counting = new com.corpastro.performance.monitor.RollupStore() {
            @Override
            public void save(java.util.List<com.corpastro.performance.monitor.Rollup> added) {
                rollups.save(added);
            }

            @Override
            public java.util.List<com.corpastro.performance.monitor.Rollup> load(
                    com.corpastro.performance.monitor.MetricType type, long from, long to) {
                if (type == com.corpastro.performance.monitor.MetricType.RESPONSE_TIME) {
                    loads.incrementAndGet();
                }
                return rollups.load(type, from, to);
            }

            @Override
            public int deleteBefore(long minuteStart) {
                return rollups.deleteBefore(minuteStart);
            }
        };
        InMemoryAnalyticsStore hourRows = new InMemoryAnalyticsStore(10);
        Traffic hours = new Traffic(T0, new AnalyticsProperties(), counting, "node-1", hourRows);
        for (int hour = 0; hour < 3; hour++) {
            hours.record("GET", "/api/x", 200, 100, i -> 10 + i % 7);
            hours.clock.advance(Duration.ofHours(1));
        }
        hours.monitor.flush();
        hours.clock.advance(Duration.ofMinutes(10));

        PerformanceReport first = hours.reports.report(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(3)),
                null, null);
        int loadsOfTheFirst = loads.getAndSet(0);
        PerformanceReport second = hours.reports.report(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofHours(3)),
                null, null);

        assertThat(second).isEqualTo(first);
        assertThat(first.routes().get(0).requests()).isEqualTo(200);
        assertThat(first.routes().get(0).baseline().requests()).isEqualTo(100);
        // Two partial hours, and two runs of two whole hours (the period's, the baseline's) compacted
        // from one read each; the whole hours are then cached and stored, the partial ones read again.
        assertThat(loadsOfTheFirst).isEqualTo(4);
        assertThat(loads.get()).isEqualTo(2);
        assertThat(hourRows.hourlyRollups(com.corpastro.performance.monitor.MetricType.RESPONSE_TIME,
                T0.minus(Duration.ofHours(2)).toEpochMilli(), T0.plus(Duration.ofHours(3)).toEpochMilli()))
                .hasSize(4);

        // Another node's warm-up reads the stored hours; only the one no report needed yet is compacted.
        loads.set(0);
        Traffic warmed = new Traffic(hours.clock.instant(), new AnalyticsProperties(), counting, "node-2", hourRows);
        warmed.reports.warmUp(Duration.ofHours(4));
        assertThat(loads.getAndSet(0)).isEqualTo(1);
        warmed.reports.report(T0, T0.plus(Duration.ofHours(3)), T0.minus(Duration.ofHours(1)), T0);
        assertThat(loads.get()).isZero();
    }
}
