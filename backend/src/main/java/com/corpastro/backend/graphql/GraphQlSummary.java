package com.corpastro.backend.graphql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.corpastro.performance.monitor.MetricPoint;
import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;

/**
 * The {@code graphql} section of {@code GET /api/admin/performance/summary}: every GraphQL
 * operation of the last 15 minutes on this node by name and type, slowest p95 first, from the
 * monitor's {@link MetricType#GRAPHQL_OPERATION} points. The dashboard shows it as a table.
 */
@Component
class GraphQlSummary implements SummaryContributor {

    static final Duration WINDOW = Duration.ofMinutes(15);
    /** The most recent points read: enough for every operation's percentiles, bounded under any load. */
    static final int MAX_POINTS = 200_000;
    static final int TOP = 20;

    private final ObjectProvider<PerformanceMonitor> monitor;

    GraphQlSummary(ObjectProvider<PerformanceMonitor> monitor) {
        this.monitor = monitor;
    }

    /** One operation's timings in the window. */
    record Operation(String name, String type, long count, long errors, double p50Ms, double p95Ms, double p99Ms,
            double maxMs) {
    }

    @Override
    public String name() {
        return "graphql";
    }

    @Override
    public Object contribute() {
        PerformanceMonitor performance = monitor.getIfAvailable();
        if (performance == null) {
            return null;
        }
        Instant end = performance.clock().instant().plusMillis(1);
        Map<List<String>, List<MetricPoint>> byOperation = new LinkedHashMap<>();
        for (MetricPoint point : performance.getMetrics(MetricType.GRAPHQL_OPERATION, end.minus(WINDOW), end, Map.of(),
                MAX_POINTS)) {
            byOperation.computeIfAbsent(List.of(point.tags().get("operation"), point.tags().get("operationType")),
                    k -> new ArrayList<>()).add(point);
        }
        List<Operation> operations = new ArrayList<>();
        byOperation.forEach((key, points) -> {
            double[] ms = points.stream().mapToDouble(MetricPoint::value).sorted().toArray();
            long errors = points.stream().filter(p -> !Boolean.parseBoolean(p.tags().get("success"))).count();
            operations.add(new Operation(key.get(0), key.get(1), ms.length, errors, quantile(ms, 0.5),
                    quantile(ms, 0.95), quantile(ms, 0.99), ms[ms.length - 1]));
        });
        operations.sort(Comparator.comparingDouble(Operation::p95Ms).reversed());
        return Map.of("windowMs", WINDOW.toMillis(), "operations",
                operations.subList(0, Math.min(TOP, operations.size())));
    }

    /** The nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
