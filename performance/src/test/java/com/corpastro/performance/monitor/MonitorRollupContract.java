package com.corpastro.performance.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import com.corpastro.testing.MutableClock;

/** What every database must do for rollups; subclasses supply the database. */
abstract class MonitorRollupContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    private PerformanceMonitor node(String id, MutableClock clock, DataSource dataSource) {
        return PerformanceMonitor.builder().clock(clock).nodeId(id)
                .rollupStore(new JdbcRollupStore(dataSource, "corp_astro_metric_rollup", true))
                .build();
    }

    @Test
    void rollupsSurviveARestartAndCombineTwoNodes() {
        DataSource dataSource = dataSource();
        MutableClock clock = new MutableClock(T0);
        Random random = new Random(42);
        List<long[]> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();

        PerformanceMonitor a = node("node-a", clock, dataSource);
        PerformanceMonitor b = node("node-b", clock, dataSource);
        for (int i = 0; i < 6_000; i++) {
            clock.set(T0.toEpochMilli() + i * 50L); // five minutes
            double value = Math.exp(random.nextGaussian() + 2);
            (i % 3 == 0 ? b : a).recordResponseTime("/api/x", "GET", i % 10 == 0 ? 500 : 200, value);
            times.add(new long[] {clock.millis()});
            values.add(value);
            if (i % 500 == 0) {
                a.flush();
                b.flush();
            }
        }
        clock.advance(Duration.ofMinutes(2));
        a.flush();
        b.flush();
        assertThat(a.pendingMinutes()).isZero();
        a.close();
        b.close();

        // "restart": a new node on the same database, hours later, outside the raw window
        clock.advance(Duration.ofHours(3));
        PerformanceMonitor restarted = node("node-a", clock, dataSource);
        Instant end = T0.plus(Duration.ofMinutes(10));
        for (Aggregation agg : Aggregation.values()) {
            List<MetricBucket> buckets = restarted.getAggregatedMetrics(MetricType.RESPONSE_TIME, T0, end, agg,
                    120_000);
            assertThat(restarted.resolveSource(MetricSource.AUTO, T0)).isEqualTo(MetricSource.ROLLUP);
            assertThat(buckets).hasSize(5);
            for (MetricBucket bucket : buckets) {
                List<Double> inBucket = new ArrayList<>();
                for (int i = 0; i < times.size(); i++) {
                    if (times.get(i)[0] >= bucket.start() && times.get(i)[0] < bucket.end()) {
                        inBucket.add(values.get(i));
                    }
                }
                double[] sorted = inBucket.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                assertThat(bucket.count()).isEqualTo(sorted.length);
                PerformanceMonitorAggregationTest.assertBucketValue(agg, bucket, sorted);
            }
        }
        // tags survive the round trip, so filters work on rollups too
        List<MetricBucket> errors = restarted.getAggregatedMetrics(MetricType.RESPONSE_TIME, T0, end,
                Aggregation.COUNT, 600_000, Map.of("status", "500"), MetricSource.ROLLUP);
        assertThat(errors.get(0).value()).isEqualTo(600.0);
    }

    @Test
    void currentMinuteIsVisibleBeforeItIsWrittenAndNotCountedTwiceAfter() {
        DataSource dataSource = dataSource();
        MutableClock clock = new MutableClock(T0);
        PerformanceMonitor monitor = node("node-a", clock, dataSource);
        monitor.recordDatabaseQuery("findAll", "User", 10);
        monitor.flush();
        assertThat(count(monitor)).isEqualTo(1.0);
        clock.advance(Duration.ofMinutes(2));
        monitor.flush();
        assertThat(monitor.pendingMinutes()).isZero();
        assertThat(count(monitor)).isEqualTo(1.0);
    }

    @Test
    void oldRollupsAreDeletedAfterTheRetention() {
        DataSource dataSource = dataSource();
        MutableClock clock = new MutableClock(T0);
        PerformanceMonitor monitor = PerformanceMonitor.builder().clock(clock).nodeId("n")
                .rollupStore(new JdbcRollupStore(dataSource, "corp_astro_metric_rollup", true))
                .rollupRetention(Duration.ofDays(1)).build();
        monitor.recordCpuUsage("process", 12);
        clock.advance(Duration.ofMinutes(5));
        monitor.flush();
        clock.advance(Duration.ofDays(2));
        monitor.flush();
        assertThat(new JdbcRollupStore(dataSource, "corp_astro_metric_rollup", true)
                .load(MetricType.CPU_USAGE, 0, Long.MAX_VALUE)).isEmpty();
    }

    private static Double count(PerformanceMonitor monitor) {
        return monitor.getAggregatedMetrics(MetricType.DATABASE_QUERY, T0, T0.plus(Duration.ofMinutes(1)),
                Aggregation.COUNT, 60_000, Map.of(), MetricSource.ROLLUP).get(0).value();
    }
}
