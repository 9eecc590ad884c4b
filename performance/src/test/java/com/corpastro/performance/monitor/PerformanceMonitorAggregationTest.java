package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import com.corpastro.testing.MutableClock;

class PerformanceMonitorAggregationTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final double ACCURACY = 0.01;

    private final MutableClock clock = new MutableClock(T0);
    private final PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).build();

    /** Point time, value and whether it matches the filter path. */
    private record Recorded(long time, double value, String path) {
    }

    private List<Recorded> recordRandom(long seed, int count, long spanMs) {
        Random random = new Random(seed);
        List<Recorded> recorded = new ArrayList<>();
        long time = T0.toEpochMilli();
        for (int i = 0; i < count; i++) {
            time += random.nextInt((int) (2 * spanMs / count) + 1);
            clock.set(time);
            String path = random.nextBoolean() ? "/a" : "/b";
            // log-normal latencies: mostly small, a long tail
            double value = Math.exp(random.nextGaussian() * 1.2 + 3);
            monitor.recordResponseTime(path, "GET", 200, value);
            recorded.add(new Recorded(time, value, path));
        }
        return recorded;
    }

    @ParameterizedTest
    @EnumSource(Aggregation.class)
    void everyAggregationMatchesABruteForceComputation(Aggregation agg) {
        List<Recorded> recorded = recordRandom(agg.ordinal() + 7, 20_000, 600_000);
        // range and interval not aligned to anything, so points sit on bucket edges and the last bucket is short
        long start = T0.toEpochMilli() + 1_234;
        long end = recorded.get(recorded.size() - 1).time() - 777;
        long interval = 7_000;
        // a gap with no points at all makes empty buckets
        List<MetricBucket> buckets = monitor.getAggregatedMetrics(MetricType.RESPONSE_TIME, Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(end), agg, interval, Map.of("path", "/a"), MetricSource.RAW);

        assertThat(buckets).hasSize((int) ((end - start + interval - 1) / interval));
        for (MetricBucket bucket : buckets) {
            double[] values = recorded.stream()
                    .filter(r -> r.path().equals("/a") && r.time() >= bucket.start() && r.time() < bucket.end())
                    .mapToDouble(Recorded::value).sorted().toArray();
            assertThat(bucket.count()).isEqualTo(values.length);
            assertThat(bucket.empty()).isEqualTo(values.length == 0);
            assertBucketValue(agg, bucket, values);
        }
        assertThat(buckets.get(buckets.size() - 1).end()).isEqualTo(end);
    }

    @Test
    void emptyBucketsAreMarkedEmptyWithNoValue() {
        clock.set(T0.toEpochMilli() + 10_000);
        monitor.recordResponseTime("/a", "GET", 200, 5);
        clock.set(T0.toEpochMilli() + 50_000);
        monitor.recordResponseTime("/a", "GET", 200, 7);

        List<MetricBucket> avg = monitor.getAggregatedMetrics(MetricType.RESPONSE_TIME, T0, T0.plusSeconds(60),
                Aggregation.AVG, 10_000);
        List<MetricBucket> count = monitor.getAggregatedMetrics(MetricType.RESPONSE_TIME, T0, T0.plusSeconds(60),
                Aggregation.COUNT, 10_000);

        assertThat(avg).extracting(MetricBucket::empty).containsExactly(true, false, true, true, true, false);
        assertThat(avg).extracting(MetricBucket::value).containsExactly(null, 5.0, null, null, null, 7.0);
        assertThat(count).extracting(MetricBucket::value).containsExactly(0.0, 1.0, 0.0, 0.0, 0.0, 1.0);
        // a point exactly on an edge belongs to the bucket that starts there
        assertThat(avg.get(1).start()).isEqualTo(T0.toEpochMilli() + 10_000);
    }

    @Test
    void rawPointsAreFilteredByTagsAndRange() {
        clock.set(T0.toEpochMilli() + 1_000);
        monitor.recordResponseTime("/a", "GET", 200, 1);
        monitor.recordResponseTime("/a", "POST", 201, 2);
        monitor.recordDatabaseQuery("findAll", "User", 3);
        clock.set(T0.toEpochMilli() + 5_000);
        monitor.recordResponseTime("/a", "GET", 500, 4);

        List<MetricPoint> points = monitor.getMetrics(MetricType.RESPONSE_TIME, T0, T0.plusSeconds(10),
                Map.of("path", "/a", "method", "GET"));

        assertThat(points).extracting(MetricPoint::value).containsExactly(1.0, 4.0);
        assertThat(points.get(1).tags()).containsEntry("status", "500");
        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, T0, T0.plusSeconds(2), Map.of())).hasSize(2);
        assertThat(monitor.getMetrics(MetricType.DATABASE_QUERY, T0, T0.plusSeconds(10), Map.of()).get(0).tags())
                .containsEntry("operation", "findAll").containsEntry("model", "User");
        assertThat(monitor.getMetrics(MetricType.RESPONSE_TIME, T0, T0.plusSeconds(10), Map.of(), 1))
                .extracting(MetricPoint::value).containsExactly(4.0);
    }

    @Test
    void badRangesAndIntervalsFailWithTheBadValue() {
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, T0, T0, Aggregation.AVG, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start must be before end");
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, T0, T0.plusSeconds(1),
                Aggregation.AVG, 0)).hasMessageContaining("interval must be > 0 ms, was 0");
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, T0, T0.plus(Duration.ofDays(2)),
                Aggregation.AVG, 1)).hasMessageContaining("buckets");
        assertThatThrownBy(() -> monitor.getAggregatedMetrics(MetricType.CPU_USAGE, T0, T0.plusSeconds(600),
                Aggregation.AVG, 5_000, Map.of(), MetricSource.ROLLUP)).hasMessageContaining("whole number of minutes");
        assertThatThrownBy(() -> Aggregation.parse("p42")).hasMessageContaining("was 'p42'");
        assertThatThrownBy(() -> MetricType.parse("latency")).hasMessageContaining("was 'latency'");
        assertThat(MetricType.parse("response-time")).isEqualTo(MetricType.RESPONSE_TIME);
    }

    static void assertBucketValue(Aggregation agg, MetricBucket bucket, double[] sorted) {
        if (sorted.length == 0) {
            if (agg == Aggregation.COUNT || agg == Aggregation.SUM) {
                assertThat(bucket.value()).isEqualTo(0.0);
            } else {
                assertThat(bucket.value()).isNull();
            }
            return;
        }
        double sum = Arrays.stream(sorted).sum();
        switch (agg) {
            case COUNT -> assertThat(bucket.value()).isEqualTo((double) sorted.length);
            case SUM -> assertThat(bucket.value()).isCloseTo(sum, within(1e-9 * Math.max(1, sum)));
            case AVG -> assertThat(bucket.value()).isCloseTo(sum / sorted.length, within(1e-9 * sum));
            case MIN -> assertThat(bucket.value()).isEqualTo(sorted[0]);
            case MAX -> assertThat(bucket.value()).isEqualTo(sorted[sorted.length - 1]);
            default -> {
                // DDSketch: within 1% (relative) of the value at rank floor(q * (n - 1))
                double exact = sorted[(int) Math.floor(agg.quantile() * (sorted.length - 1))];
                assertThat(bucket.value()).isCloseTo(exact, within(ACCURACY * exact + 1e-9));
            }
        }
    }
}
