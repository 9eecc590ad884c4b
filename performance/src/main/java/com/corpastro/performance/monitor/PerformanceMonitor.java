package com.corpastro.performance.monitor;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;

import com.corpastro.performance.monitor.internal.PointStore;
import com.corpastro.performance.monitor.internal.Series;
import com.corpastro.performance.monitor.internal.SeriesRegistry;

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

    /** The {@code cache} tag of a response-time series whose requests a cache answered. */
    public static final String CACHE_HIT = "hit";
    /** The {@code cache} tag of a response-time series whose requests a cache was asked for and missed. */
    public static final String CACHE_MISS = "miss";

    private final Clock clock;
    private final String nodeId;
    private final long rawRetentionMs;
    private final long rollupRetentionMs;
    private final PointStore points;
    private final SeriesRegistry series;
    private final MeterRegistry meterRegistry;
    private final MinuteRollups rollups;
    private final MetricQueries queries;
    private final TrafficSummary summaries;

    private PerformanceMonitor(Builder builder) {
        this.clock = builder.clock;
        this.nodeId = builder.nodeId;
        this.rawRetentionMs = builder.rawRetention.toMillis();
        this.rollupRetentionMs = builder.rollupRetention.toMillis();
        this.points = builder.stripes > 0 ? new PointStore(builder.capacity, builder.stripes)
                : new PointStore(builder.capacity);
        this.meterRegistry = builder.meterRegistry;
        this.series = new SeriesRegistry(builder.maximumSeries, this::bindMeter);
        this.rollups = new MinuteRollups(clock, nodeId, builder.rollupRetention.toMillis(), points, series,
                builder.rollupStore != null ? builder.rollupStore : new InMemoryRollupStore(100_000));
        this.queries = new MetricQueries(clock, rawRetentionMs, points, series, rollups);
        this.summaries = new TrafficSummary(clock, points, series);
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

    /**
     * Records one HTTP request of a route with a cache in front: whether the cache answered
     * ({@code cacheHit}) goes to the series' {@code cache} tag ({@value #CACHE_HIT} or
     * {@value #CACHE_MISS}), so that reports can give each route's hit rate. The tag is left out of
     * Micrometer, whose timer per route and status is the same with or without it.
     */
    public void recordResponseTime(String path, String method, int status, double ms, boolean cacheHit) {
        record(series.intern(MetricType.RESPONSE_TIME, SeriesRegistry.clean(path), SeriesRegistry.clean(method),
                status, cacheHit ? CACHE_HIT : CACHE_MISS), ms);
    }

    /** Records one database query, such as {@code ("findAll", "User", 50)}. */
    public void recordDatabaseQuery(String operation, String model, double ms) {
        record(series.intern(MetricType.DATABASE_QUERY, SeriesRegistry.clean(operation), SeriesRegistry.clean(model),
                0, null), ms);
    }

    /**
     * A recorder of database queries of one {@code operation} and {@code model} (table): the series is
     * looked up once, so recording a query costs one point in the ring and no lookup. For callers that
     * record the same kind of query often, such as every statement a query analyzer sees.
     */
    public DoubleConsumer databaseQueryRecorder(String operation, String model) {
        Series target = series.intern(MetricType.DATABASE_QUERY, SeriesRegistry.clean(operation),
                SeriesRegistry.clean(model), 0, null);
        return ms -> record(target, ms);
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
        return queries.getMetrics(type, start, end, filter, limit);
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
        return queries.getAggregatedMetrics(type, start, end, agg, intervalMs, filter, source);
    }

    /** The source {@code source} stands for when a range starts at {@code start}. */
    public MetricSource resolveSource(MetricSource source, Instant start) {
        return queries.resolveSource(source, start);
    }

    /**
     * Every node's rollups of {@code type} for the minutes in {@code [from, to)}: those in the
     * store and this node's minutes not yet written.
     */
    public List<Rollup> rollups(MetricType type, long from, long to) {
        return rollups.rollups(type, from, to);
    }

    /** Summarizes this node's raw points of the last {@code window}. */
    public MonitorSummary summary(Duration window) {
        return summaries.summary(window);
    }

    // ---------------------------------------------------------------- rollups

    /**
     * Folds the points recorded since the last call into per-minute rollups and writes every
     * minute that has ended to the rollup store; deletes rollups older than the rollup retention
     * once an hour. Runs on the monitor's background thread; safe to call from anywhere.
     */
    public void flush() {
        rollups.flush(false);
    }

    /** Writes every pending minute, including the current one; call on shutdown. */
    @Override
    public void close() {
        rollups.flush(true);
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

    /** How long rollups are kept before the hourly cleanup deletes them. */
    public Duration rollupRetention() {
        return Duration.ofMillis(rollupRetentionMs);
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
        return rollups.lostPoints();
    }

    /** Minutes folded but not yet written to the rollup store. */
    public int pendingMinutes() {
        return rollups.pendingMinutes();
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
            // Hits and misses of a route share its timer: one set of tag keys per meter name.
            if (!(s.type() == MetricType.RESPONSE_TIME && tag.getKey().equals("cache"))) {
                tags = tags.and(tag.getKey(), tag.getValue());
            }
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
