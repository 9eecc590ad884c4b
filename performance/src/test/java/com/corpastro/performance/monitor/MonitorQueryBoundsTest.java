package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import com.corpastro.performance.error.AppError;
import com.corpastro.testing.MutableClock;

/**
 * The admin metrics queries answer 400 for any interval, limit, range or window that would
 * overflow or make too many rows, and never more than {@value MonitorController#MAXIMUM_ROWS} rows.
 */
class MonitorQueryBoundsTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final List<String> TIMES = List.of(Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE),
            "999999999999999999", "-999999999999999999", "0", "-1", "1", Long.toString(NOW.toEpochMilli()),
            Long.toString(NOW.toEpochMilli() - 1), Long.toString(NOW.toEpochMilli() - 90_000),
            Long.toString(NOW.toEpochMilli() - 7_200_000), "+1000000000-01-01T00:00:00Z",
            "-1000000000-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999Z",
            "0000-01-01T00:00:00Z", "2026-06-01T11:59:00Z", "2026-06-01T13:00:00+01:00", "1970-01-01T00:00:00Z",
            "soon", "");
    private static final List<String> DURATIONS = List.of(Long.toString(Long.MAX_VALUE), "999999999999999",
            "9223372036854775807", "-1", "-5", "0", "1", "2", "999", "1000", "60000", "PT2562047788015216H",
            "PT9223372036854775807S", "PT-1S", "P-1D", "PT0S", "PT0.0001S", "PT1S", "PT1M", "P36525D", "P36526D",
            "P1D", "PT0.5S", "x");
    private static final List<String> LIMITS = List.of("1", "10000", "10001", "0", "-1", "2147483647",
            "2147483648", "9223372036854775807", "-9223372036854775808", "abc");

    private final MutableClock clock = new MutableClock(NOW);
    private final PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).capacity(100_000).build();
    private final MonitorController controller = new MonitorController(monitor, request -> true, List.of());

    MonitorQueryBoundsTest() {
        for (int i = 0; i < 30_000; i++) {
            clock.set(NOW.toEpochMilli() - 3_000_000 + i * 100L);
            monitor.recordResponseTime("/api/x", "GET", 200, i % 100);
        }
        clock.set(NOW.toEpochMilli());
    }

    @Test
    void everyCombinationOfHostileValuesIsAnAnswerOfBoundedSizeOrA400() {
        Random random = new Random(20260601L);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String start = maybe(random, TIMES);
            String end = maybe(random, TIMES);
            String interval = maybe(random, DURATIONS);
            String limit = maybe(random, LIMITS);
            String source = random.nextInt(4) == 0 ? "rollup" : null;
            check("aggregate start=" + start + " end=" + end + " interval=" + interval + " source=" + source,
                    () -> controller.aggregate(request(), "response_time", start, end, "p95", interval, source)
                            .buckets().size(), failures);
            check("metrics start=" + start + " end=" + end + " limit=" + limit,
                    () -> controller.metrics(request(), "response_time", start, end, limit).points().size(), failures);
            check("summary window=" + interval, () -> {
                controller.summary(request(), interval);
                return 0;
            }, failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void tooManyBucketsIsA400NamingTheInterval() {
        String start = Long.toString(NOW.toEpochMilli() - 90_000);
        String end = Long.toString(NOW.toEpochMilli());

        assertThatThrownBy(() -> controller.aggregate(request(), "response_time", start, end, "avg", "1", null))
                .isInstanceOfSatisfying(AppError.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_parameter");
                    assertThat(e.detail()).contains("'interval'", "90000 buckets", "10000");
                });
        assertThat(controller.aggregate(request(), "response_time", start, end, "avg", "9", null).buckets())
                .hasSize(10_000);
    }

    @Test
    void overflowingDurationsAndInstantsAre400s() {
        for (String interval : List.of("PT2562047788015216H", "PT9223372036854775807S", "P36526D")) {
            assertThatThrownBy(() -> controller.aggregate(request(), "cpu_usage", null, null, "avg", interval, null))
                    .as(interval).isInstanceOfSatisfying(AppError.class,
                            e -> assertThat(e.detail()).contains("'interval'", interval));
        }
        assertThatThrownBy(() -> controller.summary(request(), "PT2562047788015216H"))
                .isInstanceOfSatisfying(AppError.class, e -> assertThat(e.detail()).contains("'window'"));
        assertThatThrownBy(() -> controller.metrics(request(), "cpu_usage", "-1000000000-01-01T00:00:00Z",
                "+1000000000-01-01T00:00:00Z", null))
                .isInstanceOfSatisfying(AppError.class, e -> assertThat(e.detail()).contains("'end'", "year 0 to 9999"));
        assertThatThrownBy(() -> controller.metrics(request(), "cpu_usage", null, null, "10001"))
                .isInstanceOfSatisfying(AppError.class, e -> assertThat(e.detail()).contains("'limit'", "10000"));
    }

    @Test
    void theMonitorItselfRefusesRangesAndIntervalsItCannotCount() {
        Instant first = Instant.ofEpochMilli(-Long.MAX_VALUE + 10);
        Instant last = Instant.ofEpochMilli(Long.MAX_VALUE - 10);
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, first, last, Aggregation.AVG,
                Long.MAX_VALUE, java.util.Map.of(), MetricSource.RAW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(monitor.getAggregatedMetrics(MetricType.CPU_USAGE, NOW.minusSeconds(60), NOW, Aggregation.AVG,
                Long.MAX_VALUE, java.util.Map.of(), MetricSource.RAW)).hasSize(1);
        assertThatThrownBy(() -> monitor.getMetrics(MetricType.CPU_USAGE, Instant.MIN, Instant.MAX, java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, NOW, last, Aggregation.AVG,
                60_000, java.util.Map.of(), MetricSource.ROLLUP)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String maybe(Random random, List<String> values) {
        return random.nextInt(5) == 0 ? null : values.get(random.nextInt(values.size()));
    }

    private static void check(String call, java.util.function.IntSupplier query, List<String> failures) {
        try {
            int rows = query.getAsInt();
            if (rows > MonitorController.MAXIMUM_ROWS) {
                failures.add(call + " answered " + rows + " rows");
            }
        } catch (AppError e) {
            if (e.status().value() != 400) {
                failures.add(call + " answered " + e.status() + " " + e.code());
            }
        } catch (RuntimeException e) {
            failures.add(call + " threw " + e);
        }
    }

    private static MockHttpServletRequest request() {
        return new MockHttpServletRequest("GET", "/api/admin/metrics");
    }
}
