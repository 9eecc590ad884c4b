package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

/** What every database holds of alerts and daily reports; run on H2 and PostgreSQL. */
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
}
