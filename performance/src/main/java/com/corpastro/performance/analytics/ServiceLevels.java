package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;

/**
 * The service-level objectives of the endpoint types, with multi-window, multi-burn-rate alerting
 * as the Google SRE workbook recommends ("Alerting on SLOs", for a 30-day window), with the
 * severities the issue asks for: page when the budget burns 14.4 times too fast over both the last
 * hour and 5 minutes; open a ticket when it burns 6 times too fast over both 6 hours and 30 minutes,
 * or at least as fast as allowed (1x) over both 3 days and 6 hours. A request is good when it answered without a 5xx within the objective's
 * latency (counted from the per-minute DDSketches, exact beyond their 1% accuracy).
 *
 * <p>Per-minute good and total counts are computed once per hour of rollups and kept for the
 * completed hours of the window, so a status costs the current hour's rollups and any hours not
 * seen yet.
 */
public final class ServiceLevels {

    /** One burn-rate rule: the rate that fires over both windows, and what it asks for. */
    record BurnRule(String severity, double rate, Duration longWindow, Duration shortWindow) {
    }

    static final List<BurnRule> RULES = List.of(
            new BurnRule("page", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
            new BurnRule("ticket", 6, Duration.ofHours(6), Duration.ofMinutes(30)),
            new BurnRule("ticket", 1, Duration.ofDays(3), Duration.ofHours(6)));

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    /** An hour's counts are kept once it ended this long ago: late rollups of other nodes are in by then. */
    private static final long SETTLED_MS = 5 * MINUTE;

    private final PerformanceReports reports;
    private final AnalyticsProperties properties;
    /** Hour start to endpoint type to per-minute {good, total} counts, for settled hours. */
    private final Map<Long, Map<String, long[][]>> settledHours = new ConcurrentHashMap<>();

    ServiceLevels(PerformanceReports reports, AnalyticsProperties properties) {
        this.reports = reports;
        this.properties = properties;
    }

    /** Every objective now. */
    public SloReport status() {
        long now = reports.monitor().clock().millis();
        long end = Math.floorDiv(now, MINUTE) * MINUTE + MINUTE;
        long window = properties.getSloWindow().toMillis();
        long longest = Math.max(window, Duration.ofDays(3).toMillis());
        long start = Math.floorDiv(end - longest, HOUR) * HOUR;
        settledHours.keySet().removeIf(hour -> hour < start);
        List<Map<String, long[][]>> hours = new ArrayList<>();
        for (long hour = start; hour < end; hour += HOUR) {
            hours.add(hour(hour, now));
        }
        List<ObjectiveStatus> objectives = new ArrayList<>();
        properties.getObjectives().forEach((type, objective) -> {
            double budget = 1 - objective.getTarget();
            long[] inWindow = counts(hours, start, type, end - window, end);
            Double compliance = inWindow[1] == 0 ? null : (double) inWindow[0] / inWindow[1];
            Double remaining = compliance == null ? null : 1 - (1 - compliance) / budget;
            Map<Duration, Double> burn = new HashMap<>();
            for (Duration d : List.of(Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
                    Duration.ofHours(6), Duration.ofDays(3))) {
                long[] c = counts(hours, start, type, end - d.toMillis(), end);
                burn.put(d, c[1] == 0 ? null : (1 - (double) c[0] / c[1]) / budget);
            }
            String status = compliance == null ? "no_data" : "ok";
            for (BurnRule rule : RULES) {
                Double longRate = burn.get(rule.longWindow());
                Double shortRate = burn.get(rule.shortWindow());
                if (longRate != null && shortRate != null && longRate >= rule.rate() && shortRate >= rule.rate()
                        && !"page".equals(status)) {
                    status = rule.severity();
                }
            }
            objectives.add(new ObjectiveStatus(type, objective.getTarget(),
                    objective.getLatency().toNanos() / 1e6, iso(properties.getSloWindow()), inWindow[1],
                    PerformanceReports.round(compliance == null ? Double.NaN : compliance, 6),
                    PerformanceReports.round(remaining == null ? Double.NaN : remaining, 4),
                    rate(burn, Duration.ofMinutes(5)), rate(burn, Duration.ofMinutes(30)),
                    rate(burn, Duration.ofHours(1)), rate(burn, Duration.ofHours(6)),
                    rate(burn, Duration.ofDays(3)), status));
        });
        return new SloReport(Instant.ofEpochMilli(now), List.copyOf(objectives));
    }

    private static Double rate(Map<Duration, Double> burn, Duration window) {
        Double value = burn.get(window);
        return value == null ? null : PerformanceReports.round(value, 3);
    }

    /** {good, total} of {@code type} in the minutes of {@code [from, to)}. */
    private static long[] counts(List<Map<String, long[][]>> hours, long start, String type, long from, long to) {
        long[] sum = new long[2];
        for (int h = 0; h < hours.size(); h++) {
            long[][] minutes = hours.get(h).get(type);
            if (minutes == null) {
                continue;
            }
            long hourStart = start + h * HOUR;
            for (int m = 0; m < 60; m++) {
                long minute = hourStart + m * MINUTE;
                if (minute >= from && minute < to) {
                    sum[0] += minutes[m][0];
                    sum[1] += minutes[m][1];
                }
            }
        }
        return sum;
    }

    private Map<String, long[][]> hour(long hourStart, long now) {
        Map<String, long[][]> settled = settledHours.get(hourStart);
        if (settled != null) {
            return settled;
        }
        Map<String, long[][]> counts = new HashMap<>();
        Map<String, String> typeByRoute = new HashMap<>();
        for (Rollup rollup : reports.monitor().rollups(MetricType.RESPONSE_TIME, hourStart, hourStart + HOUR)) {
            String route = rollup.tags().getOrDefault("method", "") + " " + rollup.tags().getOrDefault("path", "");
            String type = typeByRoute.computeIfAbsent(route, reports::endpointType);
            AnalyticsProperties.Objective objective = properties.getObjectives().get(type);
            if (objective == null) {
                continue;
            }
            Tally tally = new Tally();
            int status = PerformanceReports.status(rollup);
            tally.add(rollup, status);
            long[] minute = counts.computeIfAbsent(type, t -> new long[60][2])[(int) ((rollup.minuteStart()
                    - hourStart) / MINUTE)];
            minute[0] += tally.goodWithin(objective.getLatency().toNanos() / 1e6);
            minute[1] += tally.requests();
        }
        if (hourStart + HOUR + SETTLED_MS <= now) {
            settledHours.put(hourStart, counts);
        }
        return counts;
    }

    static String iso(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0 ? "P" + duration.toDays() + "D"
                : duration.toString();
    }
}
