package com.corpastro.performance.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import com.corpastro.performance.monitor.internal.PointStore;
import com.corpastro.performance.monitor.internal.SeriesRegistry;
import com.corpastro.performance.monitor.internal.Stats;

/**
 * The range queries of a {@link PerformanceMonitor}: raw points of this node, and one aggregated
 * value per interval from the raw points or from the rollups of every node. Every bad range,
 * interval or limit fails with the value in the message.
 */
final class MetricQueries {

    private static final int MAXIMUM_BUCKETS = 100_000;
    private static final long MINUTE = MinuteRollups.MINUTE;

    private final Clock clock;
    private final long rawRetentionMs;
    private final PointStore points;
    private final SeriesRegistry series;
    private final MinuteRollups rollups;

    MetricQueries(Clock clock, long rawRetentionMs, PointStore points, SeriesRegistry series, MinuteRollups rollups) {
        this.clock = clock;
        this.rawRetentionMs = rawRetentionMs;
        this.points = points;
        this.series = series;
        this.rollups = rollups;
    }

    /**
     * This node's raw points of {@code type} in {@code [start, end)} whose tags match {@code filter}:
     * the {@code limit} most recent, oldest first.
     */
    List<MetricPoint> getMetrics(MetricType type, Instant start, Instant end, Map<String, String> filter,
            int limit) {
        long from = epochMilli("start", start);
        long to = epochMilli("end", end);
        checkRange(from, to);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be > 0, was " + limit);
        }
        boolean[] matches = series.matching(type, filter == null ? Map.of() : filter);
        // the newest `limit` points: a min-heap on time that drops its oldest when over the limit
        PriorityQueue<MetricPoint> found = new PriorityQueue<>(Comparator.comparingLong(MetricPoint::timestamp));
        points.scan((time, id, value) -> {
            if (time >= from && time < to && id < matches.length && matches[id]) {
                if (found.size() < limit) {
                    found.add(new MetricPoint(type, time, value, series.get(id).tags()));
                } else if (time > found.peek().timestamp()) {
                    found.poll();
                    found.add(new MetricPoint(type, time, value, series.get(id).tags()));
                }
            }
        });
        List<MetricPoint> result = new ArrayList<>(found);
        result.sort(Comparator.comparingLong(MetricPoint::timestamp));
        return result;
    }

    /**
     * One value per bucket: bucket {@code i} covers {@code [start + i*interval, start + (i+1)*interval)},
     * the last one ends at {@code end}. Percentiles come from a DDSketch and are within 1% of the
     * true value (relative); the other aggregations are exact. With rollups ({@link MetricSource#ROLLUP},
     * or {@link MetricSource#AUTO} for a start older than the raw window) the interval must be whole
     * minutes and the range is widened to whole minutes.
     *
     * @throws IllegalArgumentException for an empty range, a non-positive interval, more than
     *                                  100,000 buckets, or a rollup interval that is not whole minutes
     */
    List<MetricBucket> getAggregatedMetrics(MetricType type, Instant start, Instant end, Aggregation agg,
            long intervalMs, Map<String, String> filter, MetricSource source) {
        long from = epochMilli("start", start);
        long to = epochMilli("end", end);
        checkRange(from, to);
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("interval must be > 0 ms, was " + intervalMs);
        }
        Map<String, String> tags = filter == null ? Map.of() : filter;
        MetricSource resolved = resolveSource(source, start);
        if (resolved == MetricSource.ROLLUP) {
            if (intervalMs % MINUTE != 0) {
                throw new IllegalArgumentException("interval must be a whole number of minutes when reading rollups"
                        + " (ranges starting before the raw window of " + Duration.ofMillis(rawRetentionMs)
                        + "), was " + intervalMs + " ms");
            }
            from = Math.floorDiv(from, MINUTE) * MINUTE;
            if (to > Long.MAX_VALUE - MINUTE) {
                throw new IllegalArgumentException("end must be before " + Instant.ofEpochMilli(Long.MAX_VALUE - MINUTE)
                        + " when reading rollups, was " + end);
            }
            to = Math.floorDiv(to + MINUTE - 1, MINUTE) * MINUTE;
        }
        long span = to - from;
        long buckets = span / intervalMs + (span % intervalMs == 0 ? 0 : 1);
        if (buckets > MAXIMUM_BUCKETS) {
            throw new IllegalArgumentException("interval " + intervalMs + " ms makes " + buckets
                    + " buckets; at most " + MAXIMUM_BUCKETS + " are allowed");
        }
        Stats[] stats = new Stats[(int) buckets];
        boolean sketch = agg.isPercentile();
        long rangeStart = from;
        long rangeEnd = to;
        if (resolved == MetricSource.RAW) {
            boolean[] matches = series.matching(type, tags);
            points.scan((time, id, value) -> {
                if (time >= rangeStart && time < rangeEnd && id < matches.length && matches[id]) {
                    int b = (int) ((time - rangeStart) / intervalMs);
                    Stats s = stats[b];
                    if (s == null) {
                        s = stats[b] = new Stats(sketch);
                    }
                    s.add(value);
                }
            });
        } else {
            for (Rollup rollup : rollups.rollups(type, rangeStart, rangeEnd)) {
                if (matchesTags(rollup.tags(), tags)) {
                    int b = (int) ((rollup.minuteStart() - rangeStart) / intervalMs);
                    Stats s = stats[b];
                    if (s == null) {
                        s = stats[b] = Stats.ofRollups(sketch);
                    }
                    s.add(rollup.count(), rollup.sum(), rollup.min(), rollup.max(), rollup.sketch());
                }
            }
        }
        List<MetricBucket> result = new ArrayList<>(stats.length);
        Stats empty = new Stats(false);
        for (int b = 0; b < stats.length; b++) {
            long bucketStart = rangeStart + b * intervalMs;
            long bucketEnd = Math.min(bucketStart + intervalMs, rangeEnd);
            Stats s = stats[b] == null ? empty : stats[b];
            result.add(new MetricBucket(bucketStart, bucketEnd, s.count(), s.value(agg), s.count() == 0));
        }
        return result;
    }

    /** The source {@code source} stands for when a range starts at {@code start}. */
    MetricSource resolveSource(MetricSource source, Instant start) {
        if (source != MetricSource.AUTO) {
            return source;
        }
        return start.toEpochMilli() >= clock.millis() - rawRetentionMs ? MetricSource.RAW : MetricSource.ROLLUP;
    }

    private static boolean matchesTags(Map<String, String> tags, Map<String, String> filter) {
        for (Map.Entry<String, String> entry : filter.entrySet()) {
            if (!entry.getValue().equals(tags.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static long epochMilli(String name, Instant instant) {
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be within epoch milliseconds, was " + instant);
        }
    }

    private static void checkRange(long from, long to) {
        if (from < to && to - from < 0) {
            throw new IllegalArgumentException("the range from start to end must be shorter than " + Long.MAX_VALUE
                    + " ms, was start=" + from + " end=" + to + " (epoch ms)");
        }
        if (from >= to) {
            throw new IllegalArgumentException("start must be before end, was start=" + Instant.ofEpochMilli(from)
                    + " end=" + Instant.ofEpochMilli(to));
        }
    }

}
