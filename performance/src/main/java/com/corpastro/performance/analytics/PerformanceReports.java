package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.internal.Sketches;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Performance reports over the monitor's per-minute rollups of every node: each route's
 * requests, throughput, p50/p95/p99, 5xx rate and Apdex in a period against a baseline period,
 * and whether it regressed.
 *
 * <pre>{@code
 * PerformanceReport week = reports.report(Instant.parse("2026-12-01T00:00:00Z"),
 *         Instant.parse("2026-12-08T00:00:00Z"), null, null);   // baseline: the week before
 * week.regressions();
 * }</pre>
 */
public final class PerformanceReports {

    /** The longest period (and baseline) one report covers. */
    public static final Duration LONGEST_PERIOD = Duration.ofDays(93);
    static final String ALL = "ALL";
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    /** An hour is cached once it ended this long ago: late rollups of other nodes are in by then. */
    private static final long SETTLED_MS = 5 * MINUTE;

    private final PerformanceMonitor monitor;
    private final BiFunction<String, String, String> endpointTypes;
    private final AnalyticsProperties properties;
    private final RegressionRule rule;
    /** Hour start to its tallies by route; never changed once cached, only merged into answers. */
    private final Cache<Long, Map<String, Tally>> settledHours;

    /**
     * @param endpointTypes the endpoint type of a method and route pattern
     */
    PerformanceReports(PerformanceMonitor monitor, BiFunction<String, String, String> endpointTypes,
            AnalyticsProperties properties) {
        this.monitor = monitor;
        this.endpointTypes = endpointTypes;
        this.properties = properties;
        this.rule = new RegressionRule(properties.getRegressionThreshold(),
                properties.getRegressionMinimumIncrease().toNanos() / 1e6, properties.getMinimumSamples(),
                properties.getConfidence(), Sketches.RELATIVE_ACCURACY);
        this.settledHours = Caffeine.newBuilder().maximumWeight(properties.getCachedRouteHours())
                .weigher((Long hour, Map<String, Tally> routes) -> Math.max(1, routes.size())).build();
    }

    /**
     * The report of {@code [from, to)} against {@code [baselineFrom, baselineTo)}, both widened to
     * whole minutes; a {@code null} baseline is the period just before, of the same length.
     *
     * @throws IllegalArgumentException naming the bad value, for an empty or reversed period or
     *                                  baseline, one longer than {@link #LONGEST_PERIOD}, or only one
     *                                  of the baseline's ends
     */
    public PerformanceReport report(Instant from, Instant to, Instant baselineFrom, Instant baselineTo) {
        Period period = wholeMinutes("period", from, to);
        if ((baselineFrom == null) != (baselineTo == null)) {
            throw new IllegalArgumentException("baselineFrom and baselineTo must be given together, was baselineFrom="
                    + baselineFrom + " baselineTo=" + baselineTo);
        }
        Period baseline = baselineFrom == null
                ? new Period(period.from().minus(Duration.between(period.from(), period.to())), period.from())
                : wholeMinutes("baseline", baselineFrom, baselineTo);
        Map<String, Tally> current = tallies(period);
        Map<String, Tally> before = tallies(baseline);
        List<String> routes = new ArrayList<>(current.keySet());
        before.keySet().stream().filter(route -> !current.containsKey(route)).forEach(routes::add);
        List<RouteReport> reports = new ArrayList<>();
        Tally allNow = new Tally();
        Tally allBefore = new Tally();
        for (String route : routes) {
            Tally now = current.getOrDefault(route, new Tally());
            Tally then = before.getOrDefault(route, new Tally());
            allNow.merge(now);
            allBefore.merge(then);
            String type = endpointType(route);
            reports.add(RouteReport.of(route, type, figures(now, period, type), figures(then, baseline, type),
                    rule.isRegression(now, then)));
        }
        reports.sort(Comparator.comparing((RouteReport r) -> !r.regression())
                .thenComparing(Comparator.comparingLong(RouteReport::requests).reversed())
                .thenComparing(RouteReport::route));
        RouteReport totals = RouteReport.of(ALL, null, figures(allNow, period, null), figures(allBefore, baseline, null),
                rule.isRegression(allNow, allBefore));
        return new PerformanceReport(period, baseline, List.copyOf(reports), totals);
    }

    /**
     * The requests of {@code period} by route ({@code METHOD /pattern}), every node's merged. Whole
     * hours that ended more than five minutes ago (when late rollups of other nodes are in) come from
     * a cache of per-hour tallies, the rest from the rollups.
     */
    Map<String, Tally> tallies(Period period) {
        long from = period.from().toEpochMilli();
        long to = period.to().toEpochMilli();
        long now = monitor.clock().millis();
        Map<String, Tally> byRoute = new HashMap<>();
        long firstHour = Math.floorDiv(from + HOUR - 1, HOUR) * HOUR;
        long lastHour = Math.floorDiv(to, HOUR) * HOUR;
        if (firstHour >= lastHour) {
            addAll(byRoute, load(from, to));
            return byRoute;
        }
        addAll(byRoute, load(from, firstHour));
        for (long hour = firstHour; hour < lastHour; hour += HOUR) {
            long start = hour;
            addAll(byRoute, hour + HOUR + SETTLED_MS <= now ? settledHours.get(hour, h -> load(start, start + HOUR))
                    : load(hour, hour + HOUR));
        }
        addAll(byRoute, load(lastHour, to));
        return byRoute;
    }

    /**
     * Reads the settled hours of the last {@code span} into the cache, so that reports over them
     * answer from memory; hours already cached are not read again.
     */
    void warmUp(Duration span) {
        if (span.isZero()) {
            return;
        }
        long lastHour = Math.floorDiv(monitor.clock().millis() - SETTLED_MS, HOUR) * HOUR;
        long firstHour = lastHour - Math.floorDiv(span.toMillis() + HOUR - 1, HOUR) * HOUR;
        for (long hour = firstHour; hour + HOUR <= lastHour; hour += HOUR) {
            long start = hour;
            settledHours.get(hour, h -> load(start, start + HOUR));
        }
    }

    private static void addAll(Map<String, Tally> target, Map<String, Tally> added) {
        added.forEach((route, tally) -> target.computeIfAbsent(route, r -> new Tally()).merge(tally));
    }

    private Map<String, Tally> load(long from, long to) {
        Map<String, Tally> byRoute = new HashMap<>();
        if (from >= to) {
            return byRoute;
        }
        for (Rollup rollup : monitor.rollups(MetricType.RESPONSE_TIME, from, to)) {
            String route = rollup.tags().getOrDefault("method", "") + " " + rollup.tags().getOrDefault("path", "");
            byRoute.computeIfAbsent(route, r -> new Tally()).add(rollup, status(rollup));
        }
        return byRoute;
    }

    /** The endpoint type of a route key {@code METHOD /pattern}. */
    String endpointType(String route) {
        int space = route.indexOf(' ');
        return endpointTypes.apply(route.substring(0, Math.max(space, 0)), route.substring(space + 1));
    }

    /** Whether {@code current} is slower than {@code baseline} by the regression rule. */
    boolean isRegression(Tally current, Tally baseline) {
        return rule.isRegression(current, baseline);
    }

    PerformanceMonitor monitor() {
        return monitor;
    }

    private Figures figures(Tally tally, Period period, String endpointType) {
        double seconds = Duration.between(period.from(), period.to()).toMillis() / 1000.0;
        long n = tally.requests();
        if (n == 0) {
            return new Figures(0, 0, null, null, null, null, null, null);
        }
        Double apdex = null;
        if (endpointType != null) {
            double t = properties.apdexThreshold(endpointType).toNanos() / 1e6;
            long satisfied = tally.goodWithin(t);
            long tolerating = tally.goodWithin(4 * t) - satisfied;
            apdex = round((satisfied + tolerating / 2.0) / n, 4);
        }
        return new Figures(n, round(n / seconds, 3), round(tally.quantile(0.5), 3), round(tally.quantile(0.95), 3),
                round(tally.quantile(0.99), 3), round((double) tally.serverErrors() / n, 6), apdex,
                round(tally.cacheHitRate(), 4));
    }

    static int status(Rollup rollup) {
        try {
            return Integer.parseInt(rollup.tags().getOrDefault("status", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Period wholeMinutes(String name, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException(name + " must start before it ends, was from=" + from + " to=" + to);
        }
        if (Duration.between(from, to).compareTo(LONGEST_PERIOD) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + LONGEST_PERIOD.toDays() + " days, was from="
                    + from + " to=" + to);
        }
        long start = Math.floorDiv(from.toEpochMilli(), MINUTE) * MINUTE;
        long end = Math.floorDiv(to.toEpochMilli() + MINUTE - 1, MINUTE) * MINUTE;
        return new Period(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
    }

    static Double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
