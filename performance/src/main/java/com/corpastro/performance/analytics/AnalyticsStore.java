package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;

/**
 * Where alerts, daily reports and hourly rollups are kept: {@link JdbcAnalyticsStore} in the
 * application's database, shared by every node; {@link InMemoryAnalyticsStore} on the heap without one.
 *
 * <p>An hourly rollup is one series' minute rollups of one settled hour, every node's merged
 * ({@link Rollup#minuteStart()} is the hour's start); reports read them instead of sixty minutes
 * times the nodes. An hour is stored whole, once: the first node to compact it writes it.
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

    /**
     * The hourly rollups of {@code type} of every stored hour in {@code [fromHour, toHour)}, by hour;
     * an hour stored without requests maps to an empty list, an hour not stored yet is absent.
     */
    Map<Long, List<Rollup>> hourlyRollups(MetricType type, long fromHour, long toHour);

    /**
     * Stores the hourly rollups of {@code type} for the hour starting at {@code hourStart}, all or
     * nothing; false when that hour is stored already (another node compacted it first; its rows stand).
     */
    boolean saveHour(MetricType type, long hourStart, List<Rollup> rollups);

    /** Deletes the hourly rollups of hours that started before {@code hourStart}; returns how many rows. */
    int deleteHoursBefore(long hourStart);
}
