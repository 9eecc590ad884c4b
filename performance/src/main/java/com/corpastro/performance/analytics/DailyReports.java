package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes yesterday's {@link DailyReport} once the configured hour of today has come (in the
 * configured zone), unless a node has already stored it, and reads stored reports back.
 */
public final class DailyReports {

    private static final Logger log = LoggerFactory.getLogger(DailyReports.class);

    private final PerformanceReports reports;
    private final AnalyticsStore store;
    private final JsonMapper json;
    private final int hour;
    private final ZoneId zone;
    private volatile LocalDate lastWritten;

    DailyReports(PerformanceReports reports, AnalyticsStore store, JsonMapper json, int hour, ZoneId zone) {
        this.reports = reports;
        this.store = store;
        this.json = json;
        this.hour = hour;
        this.zone = zone;
    }

    /** Writes yesterday's report if it is due and not stored yet; returns the day written. */
    public Optional<LocalDate> writeIfDue() {
        ZonedDateTime now = reports.monitor().clock().instant().atZone(zone);
        LocalDate yesterday = now.toLocalDate().minusDays(1);
        if (now.getHour() < hour || yesterday.equals(lastWritten)) {
            return Optional.empty();
        }
        if (store.dailyReport(yesterday).isPresent()) {
            lastWritten = yesterday;
            return Optional.empty();
        }
        DailyReport report = build(yesterday);
        boolean saved = store.saveDailyReport(yesterday, json.writeValueAsString(report));
        lastWritten = yesterday;
        if (saved) {
            log.info("event=daily_report_written date={} routes={} regressions={}", yesterday,
                    report.againstDayBefore().routes().size(), report.againstDayBefore().regressions().size());
            return Optional.of(yesterday);
        }
        return Optional.empty();
    }

    /** The report of {@code date}: that day against the day before and against the same day a week before. */
    DailyReport build(LocalDate date) {
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();
        PerformanceReport dayBefore = reports.report(from, to, date.minusDays(1).atStartOfDay(zone).toInstant(), from);
        PerformanceReport weekBefore = reports.report(from, to, date.minusDays(7).atStartOfDay(zone).toInstant(),
                date.minusDays(6).atStartOfDay(zone).toInstant());
        return new DailyReport(date, reports.monitor().clock().instant(), dayBefore, weekBefore);
    }

    /** The stored report of {@code date}, as JSON. */
    public Optional<String> stored(LocalDate date) {
        return store.dailyReport(date);
    }
}
