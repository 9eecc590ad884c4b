package com.corpastro.performance.monitor;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.MonitorSummary.ContentGenerationStats;
import com.corpastro.performance.monitor.MonitorSummary.TimingStats;
import com.corpastro.performance.monitor.internal.PointStore;
import com.corpastro.performance.monitor.internal.Series;
import com.corpastro.performance.monitor.internal.SeriesRegistry;
import com.corpastro.performance.monitor.internal.Sketches;
import com.corpastro.performance.monitor.internal.Stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * Records response times, database queries, content generation, cache, error, CPU and memory
 * samples, and answers range queries over them: raw points ({@link #getMetrics}) and one value
 * per interval ({@link #getAggregatedMetrics}).
 *
 * <p>Recording is lock-free: one atomic increment and four array writes into a bounded ring of
 * raw points (default: the last hour, at most 1,000,000 points, oldest dropped first; the ring
 * is striped by recording thread so that concurrent requests do not contend). A
 * background task ({@link #flush()}, every few seconds) folds the points into per-minute
 * rollups (count, sum, min, max and a 1%-accurate DDSketch per series) and writes each completed
 * minute to a {@link RollupStore}, normally the application's database, where the rollups of
 * every node combine and survive restarts. Ranges inside the raw window are answered from the
 * raw points of this node, older ranges from the rollups of all nodes. Every point also goes to
 * Micrometer when a {@link MeterRegistry} is given.
 *
 * <pre>{@code
 * PerformanceMonitor monitor = PerformanceMonitor.builder()
 *         .rollupStore(new JdbcRollupStore(dataSource, "corp_astro_metric_rollup", true))
 *         .build();
 * monitor.recordResponseTime("/api/users/{id}", "GET", 200, 12.5);
 * List<MetricBucket> p95 = monitor.getAggregatedMetrics(MetricType.RESPONSE_TIME,
 *         Instant.now().minus(Duration.ofHours(1)), Instant.now(), Aggregation.P95, 60_000);
 * }</pre>
 */
public final class PerformanceMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PerformanceMonitor.class);
    private static final long MINUTE = 60_000;
    /** A completed minute is written this long after it ends, so late writers still make it. */
    private static final long FLUSH_GRACE_MS = 2_000;
    private static final long STALL_TIMEOUT_MS = 5_000;
    private static final int MAXIMUM_PENDING_MINUTES = 120;
    private static final int MAXIMUM_BUCKETS = 100_000;
    private static final int TOP = 10;

    private final Clock clock;
    private final String nodeId;
    private final long rawRetentionMs;
    private final long rollupRetentionMs;
    private final PointStore points;
    private final SeriesRegistry series;
    private final RollupStore rollupStore;
    private final MeterRegistry meterRegistry;

    private final Object rollupLock = new Object();
    /** Minute start to series id to the statistics not yet written; guarded by rollupLock. */
    private final TreeMap<Long, Map<Integer, Stats>> pending = new TreeMap<>();
    private final PointStore.Cursor cursor;
    private long lastCleanup;
    private final AtomicLong lostPoints = new AtomicLong();

    private PerformanceMonitor(Builder builder) {
        this.clock = builder.clock;
        this.nodeId = builder.nodeId;
        this.rawRetentionMs = builder.rawRetention.toMillis();
        this.rollupRetentionMs = builder.rollupRetention.toMillis();
        this.points = builder.stripes > 0 ? new PointStore(builder.capacity, builder.stripes)
                : new PointStore(builder.capacity);
        this.cursor = points.cursor();
        this.rollupStore = builder.rollupStore != null ? builder.rollupStore : new InMemoryRollupStore(100_000);
        this.meterRegistry = builder.meterRegistry;
        this.series = new SeriesRegistry(builder.maximumSeries, this::bindMeter);
    }

    /** A builder with the defaults: last hour, 1,000,000 points, 10,000 series, rollups on the heap. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- recording

    /** Records one HTTP request; {@code path} should be the route pattern ({@code /api/users/{id}}). */
    public void recordResponseTime(String path, String method, int status, double ms) {
        record(series.intern(MetricType.RESPONSE_TIME, SeriesRegistry.clean(path), SeriesRegistry.clean(method),
                status, null), ms);
    }

    /** Records one database query, such as {@code ("findAll", "User", 50)}. */
    public void recordDatabaseQuery(String operation, String model, double ms) {
        record(series.intern(MetricType.DATABASE_QUERY, SeriesRegistry.clean(operation), SeriesRegistry.clean(model),
                0, null), ms);
    }

    /** Records one content generation and whether it succeeded. */
    public void recordContentGeneration(String contentType, double ms, boolean success) {
        record(series.intern(MetricType.CONTENT_GENERATION, SeriesRegistry.clean(contentType), null,
                success ? 1 : 0, null), ms);
    }

    /**
     * Records one GraphQL operation by its name and type ({@code query}, {@code mutation}) and
     * whether it answered without errors.
     */
    public void recordGraphQlOperation(String operation, String type, double ms, boolean success) {
        record(series.intern(MetricType.GRAPHQL_OPERATION, SeriesRegistry.clean(operation), SeriesRegistry.clean(type),
                success ? 1 : 0, null), ms);
    }

    /** Records one cache lookup as 100 (hit) or 0 (miss), so the average is the hit rate in percent. */
    public void recordCacheAccess(String cache, boolean hit) {
        recordCacheHitRate(cache, hit ? 100.0 : 0.0);
    }

    /** Records a hit rate in percent measured over some lookups (one sample of a cache's counters). */
    public void recordCacheHitRate(String cache, double percent) {
        record(series.intern(MetricType.CACHE, SeriesRegistry.clean(cache), null, 0, null), percent);
    }

    /** Records one error response with its problem {@code code}. */
    public void recordError(String path, String method, int status, String code) {
        record(series.intern(MetricType.ERROR, SeriesRegistry.clean(path), SeriesRegistry.clean(method), status,
                SeriesRegistry.clean(code)), 1.0);
    }

    /** Records a CPU sample in percent; {@code name} is {@code process} or {@code system}. */
    public void recordCpuUsage(String name, double percent) {
        record(series.intern(MetricType.CPU_USAGE, SeriesRegistry.clean(name), null, 0, null), percent);
    }

    /** Records a memory sample; see {@link MetricType#MEMORY_USAGE} for the names and units. */
    public void recordMemoryUsage(String name, double value) {
        record(series.intern(MetricType.MEMORY_USAGE, SeriesRegistry.clean(name), null, 0, null), value);
    }

    private void record(Series target, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        points.add(clock.millis(), target.id(), value);
        target.meter(value);
    }

    // ---------------------------------------------------------------- queries

    /** This node's raw points of {@code type} in {@code [start, end)} whose tags match {@code filter}. */
    public List<MetricPoint> getMetrics(MetricType type, Instant start, Instant end, Map<String, String> filter) {
        return getMetrics(type, start, end, filter, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #getMetrics(MetricType, Instant, Instant, Map)}, but at most the {@code limit}
     * most recent points, oldest first.
     */
    public List<MetricPoint> getMetrics(MetricType type, Instant start, Instant end, Map<String, String> filter,
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
     * One value per {@code intervalMs} bucket of {@code [start, end)}, empty buckets included;
     * see {@link #getAggregatedMetrics(MetricType, Instant, Instant, Aggregation, long, Map, MetricSource)}.
     */
    public List<MetricBucket> getAggregatedMetrics(MetricType type, Instant start, Instant end, Aggregation agg,
            long intervalMs) {
        return getAggregatedMetrics(type, start, end, agg, intervalMs, Map.of(), MetricSource.AUTO);
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
    public List<MetricBucket> getAggregatedMetrics(MetricType type, Instant start, Instant end, Aggregation agg,
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
            for (Rollup rollup : rollups(type, rangeStart, rangeEnd)) {
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
    public MetricSource resolveSource(MetricSource source, Instant start) {
        if (source != MetricSource.AUTO) {
            return source;
        }
        return start.toEpochMilli() >= clock.millis() - rawRetentionMs ? MetricSource.RAW : MetricSource.ROLLUP;
    }

    /**
     * Every node's rollups of {@code type} for the minutes in {@code [from, to)}: those in the
     * store and this node's minutes not yet written.
     */
    public List<Rollup> rollups(MetricType type, long from, long to) {
        synchronized (rollupLock) {
            consume();
            List<Rollup> rollups = new ArrayList<>(rollupStore.load(type, from, to));
            for (Map.Entry<Long, Map<Integer, Stats>> minute : pending.subMap(from, true, to, false).entrySet()) {
                for (Map.Entry<Integer, Stats> entry : minute.getValue().entrySet()) {
                    Series s = series.get(entry.getKey());
                    if (s.type() == type) {
                        rollups.add(toRollup(minute.getKey(), s, entry.getValue()));
                    }
                }
            }
            return rollups;
        }
    }

    /** Summarizes this node's raw points of the last {@code window}. */
    public MonitorSummary summary(Duration window) {
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

    // ---------------------------------------------------------------- rollups

    /**
     * Folds the points recorded since the last call into per-minute rollups and writes every
     * minute that has ended to the rollup store; deletes rollups older than the rollup retention
     * once an hour. Runs on the monitor's background thread; safe to call from anywhere.
     */
    public void flush() {
        flush(false);
    }

    /** Writes every pending minute, including the current one; call on shutdown. */
    @Override
    public void close() {
        flush(true);
    }

    private void flush(boolean everything) {
        synchronized (rollupLock) {
            consume();
            long now = clock.millis();
            List<Rollup> ready = new ArrayList<>();
            Iterator<Map.Entry<Long, Map<Integer, Stats>>> minutes = pending.entrySet().iterator();
            List<Map.Entry<Long, Map<Integer, Stats>>> written = new ArrayList<>();
            while (minutes.hasNext()) {
                Map.Entry<Long, Map<Integer, Stats>> minute = minutes.next();
                if (!everything && minute.getKey() + MINUTE + FLUSH_GRACE_MS > now) {
                    break;
                }
                for (Map.Entry<Integer, Stats> entry : minute.getValue().entrySet()) {
                    ready.add(toRollup(minute.getKey(), series.get(entry.getKey()), entry.getValue()));
                }
                written.add(minute);
            }
            if (!ready.isEmpty()) {
                try {
                    rollupStore.save(ready);
                    written.forEach(minute -> pending.remove(minute.getKey()));
                    log.debug("event=rollups_written node={} rollups={} minutes={}", nodeId, ready.size(),
                            written.size());
                } catch (RuntimeException e) {
                    log.warn("event=rollup_write_failed node={} rollups={} error=\"{}\"", nodeId, ready.size(),
                            e.getMessage());
                    while (pending.size() > MAXIMUM_PENDING_MINUTES) {
                        Map.Entry<Long, Map<Integer, Stats>> dropped = pending.pollFirstEntry();
                        log.warn("event=rollup_minute_dropped node={} minute={}", nodeId,
                                Instant.ofEpochMilli(dropped.getKey()));
                    }
                }
            }
            if (now - lastCleanup >= 3_600_000L) {
                lastCleanup = now;
                try {
                    int deleted = rollupStore.deleteBefore(now - rollupRetentionMs);
                    if (deleted > 0) {
                        log.info("event=rollups_expired node={} deleted={}", nodeId, deleted);
                    }
                } catch (RuntimeException e) {
                    log.warn("event=rollup_cleanup_failed node={} error=\"{}\"", nodeId, e.getMessage());
                }
            }
        }
    }

    /** Moves newly published points into the pending minutes; caller holds rollupLock. */
    private void consume() {
        long lost = points.consume(cursor, this::accumulate, clock.millis(), STALL_TIMEOUT_MS);
        if (lost > 0) {
            lostPoints.addAndGet(lost);
            log.warn("event=points_lost_before_rollup node={} lost={} hint=\"raise corp-astro.monitor.capacity\"",
                    nodeId, lost);
        }
    }

    private Map<Integer, Stats> lastMinute;
    private long lastMinuteStart = Long.MIN_VALUE;

    private void accumulate(long time, int id, double value) {
        long minute = Math.floorDiv(time, MINUTE) * MINUTE;
        Map<Integer, Stats> bySeries;
        if (minute == lastMinuteStart && lastMinute != null && pending.get(minute) == lastMinute) {
            bySeries = lastMinute;
        } else {
            bySeries = pending.computeIfAbsent(minute, k -> new HashMap<>());
            lastMinute = bySeries;
            lastMinuteStart = minute;
        }
        Stats stats = bySeries.get(id);
        if (stats == null) {
            stats = new Stats(true);
            bySeries.put(id, stats);
        }
        stats.add(value);
    }

    private Rollup toRollup(long minute, Series s, Stats stats) {
        return new Rollup(nodeId, s.type(), s.tags(), minute, stats.count(), stats.sum(), stats.min(), stats.max(),
                Sketches.encode(stats.sketch()));
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

    // ---------------------------------------------------------------- state

    /** The id this node's rollups carry. */
    public String nodeId() {
        return nodeId;
    }

    /** Raw points held now; never more than {@link #capacity()}. */
    public long storedPoints() {
        return points.size();
    }

    /** Points the raw store's allocated memory can hold, at most the capacity rounded up to 65,536. */
    public long allocatedPoints() {
        return points.allocated();
    }

    /** The most raw points held (the configured capacity rounded up to a multiple of the stripes). */
    public int capacity() {
        return points.capacity();
    }

    /** How long raw points answer queries. */
    public Duration rawRetention() {
        return Duration.ofMillis(rawRetentionMs);
    }

    /** Distinct series (type and tag values) seen; bounded by the builder's maximum. */
    public int seriesCount() {
        return series.size();
    }

    /** Points overwritten before they reached a rollup (the raw store was too small for the rate). */
    public long lostPoints() {
        return lostPoints.get();
    }

    /** Minutes folded but not yet written to the rollup store. */
    public int pendingMinutes() {
        synchronized (rollupLock) {
            return pending.size();
        }
    }

    public Clock clock() {
        return clock;
    }

    private void bindMeter(Series s) {
        if (meterRegistry == null) {
            return;
        }
        String name = "corp_astro.monitor." + s.type().name().toLowerCase(Locale.ROOT);
        Tags tags = Tags.empty();
        for (Map.Entry<String, String> tag : s.tags().entrySet()) {
            tags = tags.and(tag.getKey(), tag.getValue());
        }
        switch (s.type()) {
            case RESPONSE_TIME, DATABASE_QUERY, CONTENT_GENERATION, GRAPHQL_OPERATION -> {
                Timer timer = Timer.builder(name).tags(tags).register(meterRegistry);
                s.setMeter(ms -> timer.record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS));
            }
            case ERROR -> {
                Counter counter = Counter.builder(name).tags(tags).register(meterRegistry);
                s.setMeter(counter::increment);
            }
            default -> {
                AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
                Gauge.builder(name, bits, b -> Double.longBitsToDouble(b.get())).tags(tags).register(meterRegistry);
                s.setMeter(value -> bits.set(Double.doubleToLongBits(value)));
            }
        }
    }

    /** Builds a {@link PerformanceMonitor}; every setter rejects a bad value with the value in the message. */
    public static final class Builder {

        private Clock clock = Clock.systemUTC();
        private String nodeId = defaultNodeId();
        private int capacity = 1_000_000;
        private int stripes;
        private Duration rawRetention = Duration.ofHours(1);
        private int maximumSeries = 10_000;
        private RollupStore rollupStore;
        private Duration rollupRetention = Duration.ofDays(30);
        private MeterRegistry meterRegistry;

        private Builder() {
        }

        /** The time source, so tests can move time instead of sleeping. */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /** The id of this node in rollups; defaults to host name and process id. */
        public Builder nodeId(String nodeId) {
            if (nodeId == null || nodeId.isBlank() || nodeId.length() > 200) {
                throw new IllegalArgumentException("nodeId must be 1 to 200 characters, was '" + nodeId + "'");
            }
            this.nodeId = nodeId;
            return this;
        }

        /** The most raw points held (28 bytes each); the oldest go first. */
        public Builder capacity(int capacity) {
            if (capacity <= 0) {
                throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * How many stripes the raw store has: recording threads are spread over them by thread id
         * so they rarely contend; each holds {@code capacity / stripes} points. Defaults to the
         * number of processors rounded up to a power of two, at most 8.
         */
        public Builder stripes(int stripes) {
            if (stripes <= 0 || Integer.bitCount(stripes) != 1) {
                throw new IllegalArgumentException("stripes must be a power of two, was " + stripes);
            }
            this.stripes = stripes;
            return this;
        }

        /** How far back raw points answer queries; older ranges are answered from rollups. */
        public Builder rawRetention(Duration rawRetention) {
            if (rawRetention == null || rawRetention.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("rawRetention must be >= 1 minute, was " + rawRetention);
            }
            this.rawRetention = rawRetention;
            return this;
        }

        /** The most distinct series; beyond it new tag values are recorded as {@code _other}. */
        public Builder maximumSeries(int maximumSeries) {
            if (maximumSeries <= SeriesRegistry.RESERVED) {
                throw new IllegalArgumentException("maximumSeries must be > " + SeriesRegistry.RESERVED + ", was "
                        + maximumSeries);
            }
            this.maximumSeries = maximumSeries;
            return this;
        }

        /** Where per-minute rollups go; defaults to an {@link InMemoryRollupStore}. */
        public Builder rollupStore(RollupStore rollupStore) {
            this.rollupStore = rollupStore;
            return this;
        }

        /** How long rollups are kept before the hourly cleanup deletes them. */
        public Builder rollupRetention(Duration rollupRetention) {
            if (rollupRetention == null || rollupRetention.compareTo(Duration.ofHours(1)) < 0) {
                throw new IllegalArgumentException("rollupRetention must be >= 1 hour, was " + rollupRetention);
            }
            this.rollupRetention = rollupRetention;
            return this;
        }

        /** Where every point also goes as a Micrometer timer, counter or gauge; optional. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        public PerformanceMonitor build() {
            return new PerformanceMonitor(this);
        }

        private static String defaultNodeId() {
            String host = System.getenv("HOSTNAME");
            if (host == null || host.isBlank()) {
                host = ManagementFactory.getRuntimeMXBean().getName();
                return host.length() > 200 ? host.substring(0, 200) : host;
            }
            return host + ":" + ProcessHandle.current().pid();
        }
    }
}
