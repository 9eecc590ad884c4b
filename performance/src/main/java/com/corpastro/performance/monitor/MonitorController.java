package com.corpastro.performance.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.error.AppError;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The monitor's HTTP API, for admins only ({@link AdminAccess}; otherwise 401 problem+json
 * {@code unauthorized} without a bearer token, 403 {@code admin_required} with another one):
 *
 * <ul>
 * <li>{@code GET /api/admin/metrics?type=&start=&end=&limit=&<tag>=}: raw points of this node
 * <li>{@code GET /api/admin/metrics/aggregate?type=&start=&end=&agg=&interval=&source=&<tag>=}: one value per bucket
 * <li>{@code GET /api/admin/performance/summary?window=}: slowest routes, error rate, content generation,
 * plus the sections of every {@link SummaryContributor} (cache, pool, memory)
 * </ul>
 *
 * Times are ISO-8601 instants ({@code 2026-01-01T10:00:00Z}) or epoch milliseconds, from year 0
 * to 9999; intervals and windows are milliseconds or ISO-8601 durations ({@code PT1M}) of at most
 * 100 years. Tags filter by exact value ({@code path}, {@code method}, {@code status},
 * {@code operation}, {@code model}, ...). An answer holds at most {@value #MAXIMUM_ROWS} points
 * ({@code limit}, default and maximum) or buckets (a range and {@code interval} that would make
 * more are refused). Bad values answer 400 {@code invalid_parameter} naming the parameter and the
 * value.
 */
@RestController
class MonitorController {

    /** The most points or buckets one answer holds. */
    public static final int MAXIMUM_ROWS = 10_000;
    private static final long FIRST_MILLI = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    private static final long LAST_MILLI = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    private static final Duration LONGEST_DURATION = Duration.ofDays(36_525);
    private static final long MINUTE_MS = 60_000;
    private static final List<String> TAG_NAMES = java.util.Arrays.stream(MetricType.values())
            .flatMap(type -> type.tagNames().stream()).distinct().toList();

    private final PerformanceMonitor monitor;
    private final AdminAccess adminAccess;
    private final List<SummaryContributor> contributors;

    MonitorController(PerformanceMonitor monitor, AdminAccess adminAccess,
            List<SummaryContributor> contributors) {
        this.monitor = monitor;
        this.adminAccess = adminAccess;
        this.contributors = List.copyOf(contributors);
    }

    /** The answer of {@code GET /api/admin/metrics}. */
    public record MetricsResponse(MetricType type, long start, long end, int count, List<MetricPoint> points) {
    }

    /** The answer of {@code GET /api/admin/metrics/aggregate}. */
    public record AggregateResponse(MetricType type, String agg, long start, long end, long intervalMs,
            MetricSource source, List<MetricBucket> buckets) {
    }

    @GetMapping("/api/admin/metrics")
    MetricsResponse metrics(HttpServletRequest request, @RequestParam(required = false) String type,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String limit) {
        requireAdmin(request);
        MetricType metricType = parse("type", type, MetricType::parse);
        Instant to = instant("end", end, monitor.clock().instant().plusMillis(1));
        Instant from = instant("start", start, to.minus(Duration.ofMinutes(15)));
        int max = limit == null ? MAXIMUM_ROWS : parse("limit", limit, Integer::parseInt);
        if (max <= 0 || max > MAXIMUM_ROWS) {
            throw invalid("limit", limit, "a number from 1 to " + MAXIMUM_ROWS);
        }
        requireOrder(from, to);
        List<MetricPoint> points = call(() -> monitor.getMetrics(metricType, from, to, tags(request), max));
        return new MetricsResponse(metricType, from.toEpochMilli(), to.toEpochMilli(), points.size(), points);
    }

    @GetMapping("/api/admin/metrics/aggregate")
    AggregateResponse aggregate(HttpServletRequest request, @RequestParam(required = false) String type,
            @RequestParam(required = false) String start, @RequestParam(required = false) String end,
            @RequestParam(required = false) String agg, @RequestParam(required = false) String interval,
            @RequestParam(required = false) String source) {
        requireAdmin(request);
        MetricType metricType = parse("type", type, MetricType::parse);
        Aggregation aggregation = agg == null ? Aggregation.AVG : parse("agg", agg, Aggregation::parse);
        MetricSource metricSource = source == null ? MetricSource.AUTO
                : parse("source", source, s -> MetricSource.valueOf(s.trim().toUpperCase(java.util.Locale.ROOT)));
        Instant to = instant("end", end, monitor.clock().instant().plusMillis(1));
        Instant from = instant("start", start, to.minus(Duration.ofHours(1)));
        requireOrder(from, to);
        MetricSource resolved = monitor.resolveSource(metricSource, from);
        long span = to.toEpochMilli() - from.toEpochMilli();
        long intervalMs;
        if (interval == null) {
            intervalMs = Math.max(1_000, (span + 59) / 60);
            if (resolved == MetricSource.ROLLUP) {
                intervalMs = (intervalMs + MINUTE_MS - 1) / MINUTE_MS * MINUTE_MS;
            }
        } else {
            intervalMs = duration("interval", interval).toMillis();
        }
        long covered = span;
        if (resolved == MetricSource.ROLLUP) {
            // Rollups widen the range to whole minutes.
            covered = Math.floorDiv(to.toEpochMilli() + MINUTE_MS - 1, MINUTE_MS) * MINUTE_MS
                    - Math.floorDiv(from.toEpochMilli(), MINUTE_MS) * MINUTE_MS;
        }
        long bucketCount = covered / intervalMs + (covered % intervalMs == 0 ? 0 : 1);
        if (bucketCount > MAXIMUM_ROWS) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", "Parameter 'interval' of " + intervalMs
                    + " ms over " + span + " ms from 'start' to 'end' makes " + bucketCount + " buckets; at most "
                    + MAXIMUM_ROWS + " are answered: widen the interval or narrow the range.");
        }
        long bucketInterval = intervalMs;
        List<MetricBucket> buckets = call(() -> monitor.getAggregatedMetrics(metricType, from, to, aggregation,
                bucketInterval, tags(request), resolved));
        long first = buckets.isEmpty() ? from.toEpochMilli() : buckets.get(0).start();
        long last = buckets.isEmpty() ? to.toEpochMilli() : buckets.get(buckets.size() - 1).end();
        return new AggregateResponse(metricType, aggregation.name().toLowerCase(java.util.Locale.ROOT), first, last,
                intervalMs, resolved, buckets);
    }

    @GetMapping("/api/admin/performance/summary")
    Map<String, Object> summary(HttpServletRequest request, @RequestParam(required = false) String window) {
        requireAdmin(request);
        Duration span = window == null ? Duration.ofMinutes(15) : duration("window", window);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("generatedAt", monitor.clock().instant().toString());
        summary.put("nodeId", monitor.nodeId());
        summary.put("traffic", monitor.summary(span));
        for (SummaryContributor contributor : contributors) {
            Object section = contributor.contribute();
            if (section != null) {
                summary.put(contributor.name(), section);
            }
        }
        return summary;
    }

    private void requireAdmin(HttpServletRequest request) {
        if (!adminAccess.isAdmin(request)) {
            throw AdminAccess.refusal(request);
        }
    }

    private static Map<String, String> tags(HttpServletRequest request) {
        Map<String, String> tags = new TreeMap<>();
        for (String name : TAG_NAMES) {
            String value = request.getParameter(name);
            if (value != null && !value.isEmpty()) {
                tags.put(name, value);
            }
        }
        return tags;
    }

    private static <T> T call(java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", e.getMessage());
        }
    }

    private static void requireOrder(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    "Parameters 'start' and 'end': start must be before end, was start=" + from + " end=" + to);
        }
    }

    private static <T> T parse(String name, String value, java.util.function.Function<String, T> parser) {
        if (value == null || value.isBlank()) {
            throw new AppError(HttpStatus.BAD_REQUEST, "missing_parameter", "Parameter '" + name + "' is required.");
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() != null && e.getMessage().contains("was '") ? e.getMessage()
                    : "has an invalid value '" + value + "'";
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", "Parameter '" + name + "' " + message);
        }
    }

    static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        Instant instant;
        try {
            if (trimmed.matches("-?\\d{1,18}")) {
                instant = Instant.ofEpochMilli(Long.parseLong(trimmed));
            } else {
                try {
                    instant = Instant.parse(trimmed);
                } catch (DateTimeParseException e) {
                    instant = OffsetDateTime.parse(trimmed).toInstant();
                }
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(name, value, "an ISO-8601 instant such as 2026-01-01T10:00:00Z or epoch milliseconds");
        }
        if (instant.isBefore(Instant.ofEpochMilli(FIRST_MILLI)) || instant.isAfter(Instant.ofEpochMilli(LAST_MILLI))) {
            throw invalid(name, value, "an instant from year 0 to 9999");
        }
        return instant;
    }

    static Duration duration(String name, String value) {
        String trimmed = value.trim();
        Duration duration;
        try {
            duration = trimmed.matches("\\d{1,15}") ? Duration.ofMillis(Long.parseLong(trimmed))
                    : Duration.parse(trimmed);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw invalid(name, value, "milliseconds or an ISO-8601 duration such as PT1M");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(LONGEST_DURATION) > 0
                || duration.toMillis() == 0) {
            throw invalid(name, value, "a duration from 1 ms to 100 years");
        }
        return duration;
    }

    private static AppError invalid(String name, String value, String expected) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                "Parameter '" + name + "' must be " + expected + ", was '" + value + "'");
    }
}
