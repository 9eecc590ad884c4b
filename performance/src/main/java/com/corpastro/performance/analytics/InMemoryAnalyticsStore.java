package com.corpastro.performance.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Alerts and daily reports on the heap, for applications without a database: they do not survive
 * a restart and are not shared between nodes. Keeps the last {@code maximumAlerts} alerts and
 * the last 400 daily reports.
 */
public final class InMemoryAnalyticsStore implements AnalyticsStore {

    private static final int MAXIMUM_REPORTS = 400;

    private final int maximumAlerts;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final TreeMap<LocalDate, String> reports = new TreeMap<>();

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
}
