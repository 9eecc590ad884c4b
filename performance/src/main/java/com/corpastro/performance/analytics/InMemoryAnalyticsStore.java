package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;

/**
 * Alerts, daily reports and hourly rollups on the heap, for applications without a database: they
 * do not survive a restart and are not shared between nodes. Keeps the last {@code maximumAlerts}
 * alerts, the last 400 daily reports and the last 10,000 hours of each metric type.
 */
public final class InMemoryAnalyticsStore implements AnalyticsStore {

    private static final int MAXIMUM_REPORTS = 400;
    private static final int MAXIMUM_HOURS = 10_000;

    private final int maximumAlerts;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final TreeMap<LocalDate, String> reports = new TreeMap<>();
    private final Map<MetricType, TreeMap<Long, List<Rollup>>> hours = new EnumMap<>(MetricType.class);

    public InMemoryAnalyticsStore(int maximumAlerts) {
        if (maximumAlerts <= 0) {
            throw new IllegalArgumentException("maximumAlerts must be > 0, was " + maximumAlerts);
        }
        this.maximumAlerts = maximumAlerts;
    }

    @Override
    public synchronized Optional<Alert> firing(String key) {
        return alerts.values().stream().filter(a -> a.key().equals(key) && Alert.FIRING.equals(a.status()))
                .findFirst();
    }

    @Override
    public synchronized void insert(Alert alert) {
        alerts.put(alert.id(), alert);
        if (alerts.size() > maximumAlerts) {
            alerts.remove(alerts.keySet().iterator().next());
        }
    }

    @Override
    public synchronized void seen(String id, Instant at) {
        alerts.computeIfPresent(id, (k, alert) -> alert.seenAt(at));
    }

    @Override
    public synchronized void resolve(String id, Instant at) {
        alerts.computeIfPresent(id, (k, alert) -> alert.resolvedAt(at));
    }

    @Override
    public synchronized List<Alert> alerts(int limit) {
        List<Alert> newestFirst = new ArrayList<>(alerts.values());
        newestFirst.sort(Comparator.comparing(Alert::firedAt).reversed());
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    @Override
    public synchronized boolean saveDailyReport(LocalDate date, String json) {
        if (reports.putIfAbsent(date, json) != null) {
            return false;
        }
        while (reports.size() > MAXIMUM_REPORTS) {
            reports.pollFirstEntry();
        }
        return true;
    }

    @Override
    public synchronized Optional<String> dailyReport(LocalDate date) {
        return Optional.ofNullable(reports.get(date));
    }

    @Override
    public synchronized Map<Long, List<Rollup>> hourlyRollups(MetricType type, long fromHour, long toHour) {
        TreeMap<Long, List<Rollup>> stored = hours.get(type);
        return stored == null || fromHour >= toHour ? Map.of() : new TreeMap<>(stored.subMap(fromHour, toHour));
    }

    @Override
    public synchronized boolean saveHour(MetricType type, long hourStart, List<Rollup> rollups) {
        TreeMap<Long, List<Rollup>> stored = hours.computeIfAbsent(type, t -> new TreeMap<>());
        if (stored.putIfAbsent(hourStart, List.copyOf(rollups)) != null) {
            return false;
        }
        while (stored.size() > MAXIMUM_HOURS) {
            stored.pollFirstEntry();
        }
        return true;
    }

    @Override
    public synchronized int deleteHoursBefore(long hourStart) {
        int deleted = 0;
        for (TreeMap<Long, List<Rollup>> stored : hours.values()) {
            Map<Long, List<Rollup>> old = stored.headMap(hourStart);
            for (List<Rollup> rows : old.values()) {
                deleted += rows.size();
            }
            old.clear();
        }
        return deleted;
    }
}
