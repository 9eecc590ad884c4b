package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Where alerts and daily reports are kept: {@link JdbcAnalyticsStore} in the application's
 * database, shared by every node; {@link InMemoryAnalyticsStore} on the heap without one.
 */
public interface AnalyticsStore {

    /** The alert with this key that is still firing, on any node. */
    Optional<Alert> firing(String key);

    /** Stores a new alert. */
    void insert(Alert alert);

    /** Records that the firing alert {@code id} was still seen at {@code at}. */
    void seen(String id, Instant at);

    /** Marks the alert {@code id} resolved at {@code at}. */
    void resolve(String id, Instant at);

    /** The {@code limit} most recently fired alerts, newest first. */
    List<Alert> alerts(int limit);

    /** Stores the daily report of {@code date} as JSON; false when one is stored already (another node's). */
    boolean saveDailyReport(LocalDate date, String json);

    /** The daily report of {@code date} as JSON. */
    Optional<String> dailyReport(LocalDate date);
}
