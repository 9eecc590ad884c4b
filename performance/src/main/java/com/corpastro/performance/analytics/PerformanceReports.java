package com.corpastro.performance.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger log = LoggerFactory.getLogger(PerformanceReports.class);
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private final PerformanceMonitor monitor;
    private final BiFunction<String, String, String> endpointTypes;
    private final AnalyticsProperties properties;
    private final RegressionRule rule;
    /** The settled hours' merged rollups; {@code null} when reports read the minute rollups alone. */
    private final HourlyRollups hourly;
    /** An hour is settled once it ended this long ago: late rollups of other nodes are in by then. */
    private final long settleMs;
    /** Hour start to its tallies by route; never changed once cached, only merged into answers. */
    private final Cache<Long, Map<String, Tally>> settledHours;
    private long lastExpiry = Long.MIN_VALUE;

    /**
     * @param endpointTypes the endpoint type of a method and route pattern
     * @param store         where the hourly rollups are kept (when {@code hourly-rollups} is on)
     */
    PerformanceReports(PerformanceMonitor monitor, BiFunction<String, String, String> endpointTypes,
            AnalyticsProperties properties, AnalyticsStore store) {
        this.monitor = monitor;
        this.endpointTypes = endpointTypes;
        this.properties = properties;
        this.rule = new RegressionRule(properties.getRegressionThreshold(),
                properties.getRegressionMinimumIncrease().toNanos() / 1e6, properties.getMinimumSamples(),
                properties.getConfidence(), Sketches.RELATIVE_ACCURACY);
        this.hourly = properties.isHourlyRollups() ? new HourlyRollups(monitor, store) : null;
        this.settleMs = properties.getHourSettleDelay().toMillis();
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
     * settled hours (ended more than {@code hour-settle-delay} ago, when late rollups of other nodes
     * are in) come from a cache of per-hour tallies, filled from the hourly rollups; the partial
     * hours at the edges and the hours not settled yet from the minute rollups.
     */
    Map<String, Tally> tallies(Period period) {
        long from = period.from().toEpochMilli();
        long to = period.to().toEpochMilli();
        Map<String, Tally> byRoute = new HashMap<>();
        long firstHour = Math.floorDiv(from + HOUR - 1, HOUR) * HOUR;
        long lastHour = Math.floorDiv(to, HOUR) * HOUR;
        if (firstHour >= lastHour) {
            addAll(byRoute, load(from, to));
            return byRoute;
        }
        long settledEnd = Math.max(firstHour, Math.min(lastHour, settledEnd()));
        addAll(byRoute, load(from, firstHour));
        settledHours(firstHour, settledEnd).values().forEach(hour -> addAll(byRoute, hour));
        addAll(byRoute, load(settledEnd, to));
        return byRoute;
    }

    /** The start of the first hour that is not settled. */
    private long settledEnd() {
        return Math.floorDiv(monitor.clock().millis() - settleMs, HOUR) * HOUR;
    }

    /** The tallies of each settled hour of {@code [fromHour, toHour)}: cached, else read and cached. */
    private Map<Long, Map<String, Tally>> settledHours(long fromHour, long toHour) {
        List<Long> hours = new ArrayList<>();
        for (long hour = fromHour; hour < toHour; hour += HOUR) {
            hours.add(hour);
        }
        return hours.isEmpty() ? Map.of() : settledHours.getAll(hours, this::readHours);
    }

    /** Reads the tallies of {@code hours}, in runs of consecutive hours: from the hourly rollups, or the minute ones. */
    private Map<Long, Map<String, Tally>> readHours(Set<? extends Long> hours) {
        List<Long> sorted = new ArrayList<>(hours);
        Collections.sort(sorted);
        Map<Long, Map<String, Tally>> tallies = new HashMap<>();
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j) == sorted.get(j - 1) + HOUR
                    && (hourly != null || j - i < HourlyRollups.HOURS_PER_READ)) {
                j++;
            }
            long start = sorted.get(i);
            long end = sorted.get(j - 1) + HOUR;
            Map<Long, List<Rollup>> rollups = hourly != null ? hourly.hours(start, end)
                    : byHour(monitor.rollups(MetricType.RESPONSE_TIME, start, end));
            for (long hour = start; hour < end; hour += HOUR) {
                tallies.put(hour, byRoute(rollups.getOrDefault(hour, List.of())));
            }
            i = j;
        }
        return tallies;
    }

    /**
     * Reads the settled hours of the last {@code span} into the cache, so that reports over them
     * answer from memory; hours already cached are not read again, hours not compacted yet are
     * compacted. Once an hour, deletes the hourly rollups older than {@code hour-retention}.
     */
    void warmUp(Duration span) {
        long now = monitor.clock().millis();
        if (hourly != null && now - lastExpiry >= HOUR) {
            lastExpiry = now;
            int deleted = hourly.deleteBefore(now - properties.getHourRetention().toMillis());
            if (deleted > 0) {
                log.info("event=rollup_hours_expired deleted={}", deleted);
            }
        }
        if (span.isZero()) {
            return;
        }
        long lastHour = settledEnd();
        long firstHour = lastHour - Math.floorDiv(span.toMillis() + HOUR - 1, HOUR) * HOUR;
        settledHours(firstHour, lastHour);
    }

    private static void addAll(Map<String, Tally> target, Map<String, Tally> added) {
        added.forEach((route, tally) -> target.computeIfAbsent(route, r -> new Tally()).merge(tally));
    }

    private Map<String, Tally> load(long from, long to) {
        return from >= to ? new HashMap<>() : byRoute(monitor.rollups(MetricType.RESPONSE_TIME, from, to));
    }

    private static Map<Long, List<Rollup>> byHour(List<Rollup> minutes) {
        Map<Long, List<Rollup>> byHour = new HashMap<>();
        for (Rollup minute : minutes) {
            byHour.computeIfAbsent(Math.floorDiv(minute.minuteStart(), HOUR) * HOUR, h -> new ArrayList<>()).add(minute);
        }
        return byHour;
    }

    private static Map<String, Tally> byRoute(List<Rollup> rollups) {
        Map<String, Tally> byRoute = new HashMap<>();
        for (Rollup rollup : rollups) {
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
