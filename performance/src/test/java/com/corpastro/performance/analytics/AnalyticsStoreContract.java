package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.monitor.JdbcRollupStore;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;

/** What every database holds of alerts, daily reports and hourly rollups; run on H2 and PostgreSQL. */
abstract class AnalyticsStoreContract {

    abstract DataSource dataSource();

    private static Alert alert(String id, String key, Instant at) {
        return new Alert(id, key, "anomaly", "ticket", "GET /api/x", "slower, \"quoted\"", 412.5, 20.25,
                Alert.FIRING, at, at, null, "node-1");
    }

    @Test
    void alertsAreStoredFoundWhileFiringAndResolved() {
        JdbcAnalyticsStore store = new JdbcAnalyticsStore(dataSource(), "test_alert", "test_report", true);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        store.insert(alert("1", "anomaly:GET /api/x", t));
        store.insert(alert("2", "anomaly:GET /api/y", t.plusSeconds(60)));

        assertThat(store.firing("anomaly:GET /api/x")).get().isEqualTo(alert("1", "anomaly:GET /api/x", t));
        store.seen("1", t.plusSeconds(120));
        store.resolve("1", t.plusSeconds(180));

        assertThat(store.firing("anomaly:GET /api/x")).isEmpty();
        assertThat(store.alerts(10)).extracting(Alert::id).containsExactly("2", "1");
        assertThat(store.alerts(1)).extracting(Alert::id).containsExactly("2");
        Alert resolved = store.alerts(10).get(1);
        assertThat(resolved.status()).isEqualTo(Alert.RESOLVED);
        assertThat(resolved.lastSeenAt()).isEqualTo(t.plusSeconds(120));
        assertThat(resolved.resolvedAt()).isEqualTo(t.plusSeconds(180));
    }

    @Test
    void aDailyReportIsStoredOnce() {
        JdbcAnalyticsStore store = new JdbcAnalyticsStore(dataSource(), "test_alert", "test_report", true);
        LocalDate day = LocalDate.parse("2026-12-04");

        assertThat(store.saveDailyReport(day, "{\"first\":true}")).isTrue();
        assertThat(store.saveDailyReport(day, "{\"second\":true}")).isFalse();

        assertThat(store.dailyReport(day)).contains("{\"first\":true}");
        assertThat(store.dailyReport(day.minusDays(1))).isEmpty();
    }

    @Test
    void anHourIsStoredOnceWholeAndAnEmptyHourIsToldApartFromAMissingOne() {
        JdbcAnalyticsStore store = new JdbcAnalyticsStore(dataSource(), "test_alert", "test_report", "test_hour", true);
        long hour = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        long empty = hour + HourlyRollups.HOUR;
        java.util.List<Rollup> first = HourlyRollups.merge(Rollups.minutes("node-a", "GET", "/api/x", 200, "hit",
                Instant.ofEpochMilli(hour), 60, 3, 5), hour, hour + HourlyRollups.HOUR).get(hour);
        java.util.List<Rollup> other = HourlyRollups.merge(Rollups.minutes("node-b", "GET", "/api/y", 500,
                Instant.ofEpochMilli(hour), 60, 1, 9), hour, hour + HourlyRollups.HOUR).get(hour);

        assertThat(store.saveHour(MetricType.RESPONSE_TIME, hour, first)).isTrue();
        assertThat(store.saveHour(MetricType.RESPONSE_TIME, hour, other)).isFalse();
        assertThat(store.saveHour(MetricType.RESPONSE_TIME, empty, java.util.List.of())).isTrue();

        java.util.Map<Long, java.util.List<Rollup>> stored = store.hourlyRollups(MetricType.RESPONSE_TIME,
                hour - HourlyRollups.HOUR, empty + 5 * HourlyRollups.HOUR);
        assertThat(stored).containsOnlyKeys(hour, empty);
        assertThat(stored.get(empty)).isEmpty();
        Rollup row = stored.get(hour).get(0);
        assertThat(stored.get(hour)).hasSize(1);
        assertThat(row.tags()).isEqualTo(first.get(0).tags()).containsEntry("cache", "hit");
        assertThat(row.count()).isEqualTo(180);
        assertThat(row.sketch()).isEqualTo(first.get(0).sketch());
        assertThat(store.hourlyRollups(MetricType.CACHE, hour, empty + HourlyRollups.HOUR)).isEmpty();

        assertThat(store.deleteHoursBefore(empty)).isEqualTo(2);
        assertThat(store.hourlyRollups(MetricType.RESPONSE_TIME, hour, empty + HourlyRollups.HOUR))
                .containsOnlyKeys(empty);
    }

    @Test
    void aReportOverStoredHoursEqualsTheOneOverMinutesWithEachRoutesCacheHitRate() {
        DataSource database = dataSource();
        JdbcRollupStore minutes = new JdbcRollupStore(database, "test_minute_rollup", true);
        minutes.save(HourlyReportsTest.fiveHoursOnTwoNodes());
        JdbcAnalyticsStore hours = new JdbcAnalyticsStore(database, "test_alert", "test_report", "test_hour", true);
        Instant from = HourlyReportsTest.T0.plus(java.time.Duration.ofMinutes(167));
        Instant to = HourlyReportsTest.T0.plus(java.time.Duration.ofHours(5));

        PerformanceReport fromMinutes = new Traffic(HourlyReportsTest.NOW, HourlyReportsTest.minutesOnly(), minutes,
                "reader").reports.report(from, to, null, null);
        PerformanceReport compacting = new Traffic(HourlyReportsTest.NOW, new AnalyticsProperties(), minutes,
                "reader", hours).reports.report(from, to, null, null);
        PerformanceReport fromStoredHours = new Traffic(HourlyReportsTest.NOW, new AnalyticsProperties(), minutes,
                "other", hours).reports.report(from, to, null, null);

        assertThat(compacting).isEqualTo(fromMinutes);
        assertThat(fromStoredHours).isEqualTo(fromMinutes);
        assertThat(hours.hourlyRollups(MetricType.RESPONSE_TIME, HourlyReportsTest.T0.toEpochMilli(),
                to.toEpochMilli())).hasSize(3);
        RouteReport cached = fromMinutes.routes().stream().filter(r -> r.route().equals("GET /api/cached/{id}"))
                .findFirst().orElseThrow();
        assertThat(cached.requests()).isEqualTo(2 * 133 * 8);
        assertThat(cached.cacheHitRate()).isEqualTo(0.75);
        assertThat(fromMinutes.routes()).filteredOn(r -> !r.route().equals("GET /api/cached/{id}"))
                .allMatch(r -> r.cacheHitRate() == null);
    }
}
