package com.corpastro.performance.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.corpastro.performance.monitor.MonitorSummary.ContentGenerationStats;
import com.corpastro.performance.monitor.MonitorSummary.TimingStats;
import com.corpastro.performance.monitor.internal.PointStore;
import com.corpastro.performance.monitor.internal.Series;
import com.corpastro.performance.monitor.internal.SeriesRegistry;
import com.corpastro.performance.monitor.internal.Stats;

/**
 * The traffic summary of a {@link PerformanceMonitor} over a recent window of its raw points:
 * requests, throughput, error rates by status and code, the slowest routes and database
 * operations by p95, and content generation.
 */
final class TrafficSummary {

    private static final int TOP = 10;

    private final Clock clock;
    private final PointStore points;
    private final SeriesRegistry series;

    TrafficSummary(Clock clock, PointStore points, SeriesRegistry series) {
        this.clock = clock;
        this.points = points;
        this.series = series;
    }

    /** Summarizes this node's raw points of the last {@code window}. */
    MonitorSummary summary(Duration window) {
        long to = clock.millis() + 1;
        long from = to - window.toMillis();
        Map<Integer, Stats> bySeries = new HashMap<>();
        points.scan((time, id, value) -> {
            if (time >= from && time < to) {
                MetricType type = series.get(id).type();
                boolean timed = type == MetricType.RESPONSE_TIME || type == MetricType.DATABASE_QUERY
                        || type == MetricType.CONTENT_GENERATION || type == MetricType.GRAPHQL_OPERATION;
                bySeries.computeIfAbsent(id, k -> new Stats(timed)).add(value);
            }
        });
        Map<String, Stats> routes = new LinkedHashMap<>();
        Map<String, Long> routeErrors = new HashMap<>();
        Map<String, Stats> queries = new LinkedHashMap<>();
        Map<String, Long> errorsByStatus = new TreeMap<>();
        Map<String, Long> errorsByCode = new TreeMap<>();
        long requests = 0;
        long errors = 0;
        long serverErrors = 0;
        Stats generation = new Stats(true);
        long generationSuccesses = 0;
        for (Map.Entry<Integer, Stats> entry : bySeries.entrySet()) {
            Series s = series.get(entry.getKey());
            Stats stats = entry.getValue();
            switch (s.type()) {
                case RESPONSE_TIME -> {
                    String route = s.tag("method") + " " + s.tag("path");
                    routes.computeIfAbsent(route, k -> new Stats(true)).merge(stats);
                    int status = Integer.parseInt(s.tag("status"));
                    requests += stats.count();
                    if (status >= 400) {
                        errors += stats.count();
                        routeErrors.merge(route, stats.count(), Long::sum);
                    }
                    if (status >= 500) {
                        serverErrors += stats.count();
                    }
                }
                case ERROR -> {
                    errorsByStatus.merge(s.tag("status"), stats.count(), Long::sum);
                    errorsByCode.merge(s.tag("code"), stats.count(), Long::sum);
                }
                case DATABASE_QUERY -> queries.computeIfAbsent(s.tag("operation") + " " + s.tag("model"),
                        k -> new Stats(true)).merge(stats);
                case CONTENT_GENERATION -> {
                    generation.merge(stats);
                    if (Boolean.parseBoolean(s.tag("success"))) {
                        generationSuccesses += stats.count();
                    }
                }
                default -> {
                    // samples are charted, not summarized
                }
            }
        }
        double seconds = Math.max(1, window.toMillis()) / 1000.0;
        return new MonitorSummary(window.toMillis(), requests, requests / seconds,
                requests == 0 ? 0 : (double) errors / requests, requests == 0 ? 0 : (double) serverErrors / requests,
                errorsByStatus, errorsByCode, slowest(routes, routeErrors), slowest(queries, Map.of()),
                new ContentGenerationStats(generation.count(), generationSuccesses,
                        generation.count() == 0 ? 1.0 : (double) generationSuccesses / generation.count(),
                        generation.count() == 0 ? null : generation.quantile(0.95)));
    }

    private static List<TimingStats> slowest(Map<String, Stats> byName, Map<String, Long> errors) {
        return byName.entrySet().stream()
                .map(e -> new TimingStats(e.getKey(), e.getValue().count(), errors.getOrDefault(e.getKey(), 0L),
                        e.getValue().sum() / e.getValue().count(), e.getValue().quantile(0.5),
                        e.getValue().quantile(0.95), e.getValue().quantile(0.99), e.getValue().max()))
                .sorted(Comparator.comparingDouble(TimingStats::p95Ms).reversed())
                .limit(TOP)
                .toList();
    }
}
