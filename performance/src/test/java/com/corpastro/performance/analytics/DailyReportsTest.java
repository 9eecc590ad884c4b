package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DailyReportsTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final InMemoryAnalyticsStore store = new InMemoryAnalyticsStore(10);

    @Test
    void yesterdaysReportIsWrittenOnceAfterTheConfiguredHourAgainstTheDayBeforeAndTheWeekBefore() {
        Traffic traffic = new Traffic(Instant.parse("2026-11-27T12:00:00Z"), new AnalyticsProperties());
        traffic.record("GET", "/api/x", 200, 40, i -> 10);          // a week before
        traffic.clock.set(Instant.parse("2026-12-03T12:00:00Z").toEpochMilli());
        traffic.record("GET", "/api/x", 200, 50, i -> 10);          // the day before
        traffic.clock.set(Instant.parse("2026-12-04T12:00:00Z").toEpochMilli());
        traffic.record("GET", "/api/x", 200, 60, i -> 100);         // the day
        DailyReports daily = new DailyReports(traffic.reports, store, json, 1, ZoneOffset.UTC);

        traffic.clock.set(Instant.parse("2026-12-05T00:59:00Z").toEpochMilli());
        assertThat(daily.writeIfDue()).isEmpty();
        traffic.clock.advance(Duration.ofMinutes(1));
        assertThat(daily.writeIfDue()).contains(LocalDate.parse("2026-12-04"));
        assertThat(daily.writeIfDue()).isEmpty();

        JsonNode report = json.readTree(daily.stored(LocalDate.parse("2026-12-04")).orElseThrow());
        assertThat(report.get("date").asString()).isEqualTo("2026-12-04");
        JsonNode dayBefore = report.get("againstDayBefore");
        assertThat(dayBefore.get("period").get("from").asString()).isEqualTo("2026-12-04T00:00:00Z");
        assertThat(dayBefore.get("baseline").get("from").asString()).isEqualTo("2026-12-03T00:00:00Z");
        assertThat(dayBefore.get("routes").get(0).get("requests").asLong()).isEqualTo(60);
        assertThat(dayBefore.get("routes").get(0).get("baseline").get("requests").asLong()).isEqualTo(50);
        assertThat(dayBefore.get("routes").get(0).get("regression").asBoolean()).isTrue();
        JsonNode weekBefore = report.get("againstWeekBefore");
        assertThat(weekBefore.get("baseline").get("from").asString()).isEqualTo("2026-11-27T00:00:00Z");
        assertThat(weekBefore.get("routes").get(0).get("baseline").get("requests").asLong()).isEqualTo(40);
    }

    @Test
    void aReportAnotherNodeStoredIsNotWrittenAgain() {
        Traffic traffic = new Traffic(Instant.parse("2026-12-05T02:00:00Z"), new AnalyticsProperties());
        store.saveDailyReport(LocalDate.parse("2026-12-04"), "{\"by\":\"node-2\"}");

        assertThat(new DailyReports(traffic.reports, store, json, 1, ZoneOffset.UTC).writeIfDue()).isEmpty();
        assertThat(store.dailyReport(LocalDate.parse("2026-12-04"))).isEqualTo(Optional.of("{\"by\":\"node-2\"}"));
    }
}
