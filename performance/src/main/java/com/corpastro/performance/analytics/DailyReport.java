package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The report of one day, written once after the configured hour of the next.
 *
 * @param date            the day reported
 * @param generatedAt     when it was written
 * @param againstDayBefore the day against the day before
 * @param againstWeekBefore the day against the same day a week earlier
 */
public record DailyReport(LocalDate date, Instant generatedAt, PerformanceReport againstDayBefore,
        PerformanceReport againstWeekBefore) {
}
