package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleConsumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.db.internal.Dialect;
import com.corpastro.performance.db.internal.Explainer;
import com.corpastro.performance.db.internal.FingerprintAccumulator;
import com.corpastro.performance.db.internal.SqlFingerprint;
import com.corpastro.performance.db.internal.StatementShape;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * Watches every JDBC statement that goes through a {@link #wrap(DataSource) wrapped} data source:
 * per-fingerprint statistics in bounded memory, a slow-query log, {@code EXPLAIN} of slow SELECTs
 * on PostgreSQL off the request thread (flagging sequential scans over large tables), and N+1
 * detection per {@link QueryScope}.
 *
 * <pre>{@code
 * QueryAnalyzer analyzer = QueryAnalyzer.builder().slowQueryThreshold(Duration.ofMillis(200)).build();
 * DataSource dataSource = analyzer.wrap(hikari);
 * ...
 * QueryStatistics stats = analyzer.statistics(20);   // top 20 by total time
 * }</pre>
 *
 * <p>Log lines: {@code slow_query}, {@code explain_finding}, {@code n_plus_one}. Thread-safe; close
 * it to stop the EXPLAIN thread.
 */
public final class QueryAnalyzer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueryAnalyzer.class);
    private static final String STARTED = QueryAnalyzer.class.getName() + ".started";
    private static final int INCIDENTS_KEPT = 100;

    private final Duration slowQueryThreshold;
    private final int nPlusOneThreshold;
    private final boolean explainEnabled;
    private final long explainIntervalNanos;
    private final Explainer explainer;
    private final Clock clock;
    private final Cache<String, FingerprintAccumulator> stats;
    private final Cache<String, String> fingerprints;
    private final ThreadLocal<QueryScope> scopes = new ThreadLocal<>();
    private final Deque<NPlusOneIncident> incidents = new ArrayDeque<>();
    private final LongAdder statements = new LongAdder();
    private final LongAdder slowStatements = new LongAdder();
    private final ThreadPoolExecutor explainPool;
    private volatile StatementObserver observer;

    private QueryAnalyzer(Builder builder) {
        this.slowQueryThreshold = builder.slowQueryThreshold;
        this.nPlusOneThreshold = builder.nPlusOneThreshold;
        this.explainEnabled = builder.explainEnabled;
        this.explainIntervalNanos = builder.explainInterval.toNanos();
        this.explainer = new Explainer(builder.largeTableRows, builder.explainAnalyze);
        this.clock = builder.clock;
        // Maintenance on the calling thread, as in the cache's L1: every statement reads both maps, and
        // with the default executor their drains would wake a common-pool thread every few statements.
        this.stats = Caffeine.newBuilder().maximumSize(builder.maxFingerprints).executor(Runnable::run).build();
        this.fingerprints = Caffeine.newBuilder().maximumSize(builder.maxFingerprints * 4L).executor(Runnable::run)
                .build();
        this.explainPool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), runnable -> {
            Thread thread = new Thread(runnable, "corp-astro-explain");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.explainPool.allowCoreThreadTimeOut(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fingerprint of {@code sql}: literals and bind markers as {@code ?}, whitespace and case normalised. */
    public static String fingerprint(String sql) {
        return SqlFingerprint.of(sql);
    }

    /** {@code target} with every statement reported to this analyzer. EXPLAIN runs on {@code target} itself. */
    public DataSource wrap(DataSource target) {
        return ProxyDataSourceBuilder.create("corp-astro", target).listener(new Listener(target)).build();
    }

    /**
     * Opens an N+1 scope on the current thread (nested scopes stack); close it on the same thread.
     *
     * @param route how incidents of this scope are reported, such as {@code GET /api/businesses}
     */
    public QueryScope openScope(String route) {
        QueryScope scope = new QueryScope(this, scopes.get(), route);
        scopes.set(scope);
        return scope;
    }

    /** Sets the route of the current thread's scope, if one is open (for example a route template). */
    public void setRoute(String route) {
        QueryScope scope = scopes.get();
        if (scope != null) {
            scope.route(route);
        }
    }

    /** The current thread's open scope, or {@code null}. */
    public QueryScope currentScope() {
        return scopes.get();
    }

    /**
     * Reports every statement from now on to {@code observer} ({@code null}: to none), such as the
     * performance monitor's {@code database_query} series; replaces the previous observer.
     */
    public void observe(StatementObserver observer) {
        this.observer = observer;
        for (FingerprintAccumulator accumulator : stats.asMap().values()) {
            accumulator.recorder(null);
        }
    }

    /** A snapshot with the {@code limit} fingerprints that took the most total time. */
    public QueryStatistics statistics(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        List<FingerprintAccumulator> all = new ArrayList<>(stats.asMap().values());
        List<FingerprintStats> top = all.stream()
                .sorted(Comparator.comparingLong(FingerprintAccumulator::totalNanos).reversed())
                .limit(limit).map(FingerprintAccumulator::snapshot).toList();
        List<NPlusOneIncident> recent;
        synchronized (incidents) {
            recent = List.copyOf(incidents);
        }
        return new QueryStatistics(clock.instant(), statements.sum(), slowStatements.sum(), all.size(), top, recent);
    }

    /** Forgets every statistic and incident. */
    public void reset() {
        stats.invalidateAll();
        statements.reset();
        slowStatements.reset();
        synchronized (incidents) {
            incidents.clear();
        }
    }

    /** Stops the EXPLAIN thread; statistics keep being collected. */
    @Override
    public void close() {
        explainPool.shutdownNow();
    }

    void close(QueryScope scope) {
        if (scopes.get() == scope) {
            if (scope.previous() == null) {
                scopes.remove();
            } else {
                scopes.set(scope.previous());
            }
        }
        for (Map.Entry<String, Integer> entry : scope.counts().entrySet()) {
            if (entry.getValue() > nPlusOneThreshold) {
                NPlusOneIncident incident = new NPlusOneIncident(scope.route(), entry.getKey(), entry.getValue(),
                        clock.instant());
                log.warn("n_plus_one route=\"{}\" executions={} threshold={} fingerprint=\"{}\"", incident.route(),
                        incident.executions(), nPlusOneThreshold, incident.fingerprint());
                FingerprintAccumulator accumulator = stats.getIfPresent(entry.getKey());
                if (accumulator != null) {
                    accumulator.nPlusOne();
                }
                synchronized (incidents) {
                    incidents.addFirst(incident);
                    while (incidents.size() > INCIDENTS_KEPT) {
                        incidents.removeLast();
                    }
                }
            }
        }
    }

    private void record(String sql, long nanos, long rows, boolean failed, QueryInfo query, ExecutionInfo execution,
            Listener listener) {
        String fingerprint = fingerprints.get(sql, SqlFingerprint::of);
        FingerprintAccumulator accumulator = stats.get(fingerprint, FingerprintAccumulator::new);
        accumulator.record(nanos, rows, failed);
        statements.increment();
        StatementObserver watching = observer;
        if (watching != null) {
            DoubleConsumer recorder = accumulator.recorder();
            if (recorder == null) {
                StatementShape shape = StatementShape.of(fingerprint);
                recorder = watching.forStatements(shape.operation(), shape.table());
                accumulator.recorder(recorder);
            }
            recorder.accept(nanos / 1e6);
        }
        QueryScope scope = scopes.get();
        if (scope != null) {
            scope.count(fingerprint);
        }
        if (nanos < slowQueryThreshold.toNanos()) {
            return;
        }
        slowStatements.increment();
        QueryScope current = scopes.get();
        log.warn("slow_query duration_ms={} rows={} failed={} route=\"{}\" fingerprint=\"{}\"",
                TimeUnit.NANOSECONDS.toMillis(nanos), rows, failed, current == null ? "" : current.route(), fingerprint);
        if (explainEnabled && !failed && isSelect(fingerprint) && listener.isPostgres(execution)
                && accumulator.claimExplain(System.nanoTime(), explainIntervalNanos)) {
            List<ParameterSetOperation> parameters = query.getParametersList().isEmpty() ? List.of()
                    : List.copyOf(query.getParametersList().get(0));
            try {
                explainPool.execute(() -> explain(listener.target, sql, parameters, fingerprint, accumulator));
            } catch (RejectedExecutionException e) {
                accumulator.explainFailed(System.nanoTime());
            }
        }
    }

    private void explain(DataSource target, String sql, List<ParameterSetOperation> parameters, String fingerprint,
            FingerprintAccumulator accumulator) {
        try (Connection connection = target.getConnection()) {
            List<ExplainFinding> findings = explainer.explain(connection, sql, parameters);
            accumulator.explained(findings, System.nanoTime());
            for (ExplainFinding finding : findings) {
                log.warn("explain_finding table={} table_rows={} fingerprint=\"{}\" suggestion=\"{}\"", finding.table(),
                        finding.tableRows(), fingerprint, finding.suggestion());
            }
        } catch (SQLException | RuntimeException e) {
            accumulator.explainFailed(System.nanoTime());
            log.info("explain_failed fingerprint=\"{}\" error=\"{}\"", fingerprint, e.getMessage());
        }
    }

    private static boolean isSelect(String fingerprint) {
        return fingerprint.startsWith("select") || fingerprint.startsWith("with") || fingerprint.startsWith("(select");
    }

    private static long rows(Object result) {
        if (result instanceof Integer i) {
            return i;
        }
        if (result instanceof Long l) {
            return l;
        }
        if (result instanceof int[] counts) {
            long sum = 0;
            for (int count : counts) {
                sum += Math.max(0, count);
            }
            return sum;
        }
        if (result instanceof long[] counts) {
            long sum = 0;
            for (long count : counts) {
                sum += Math.max(0, count);
            }
            return sum;
        }
        return -1;
    }

    private final class Listener implements QueryExecutionListener {

        private final DataSource target;
        private volatile Boolean postgres;

        Listener(DataSource target) {
            this.target = target;
        }

        @Override
        public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
            execution.addCustomValue(STARTED, System.nanoTime());
        }

        @Override
        public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
            Long started = execution.getCustomValue(STARTED, Long.class);
            long nanos = started != null ? System.nanoTime() - started
                    : TimeUnit.MILLISECONDS.toNanos(execution.getElapsedTime());
            long rows = rows(execution.getResult());
            int size = queries.size();
            for (QueryInfo query : queries) {
                String sql = query.getQuery();
                if (sql == null || sql.startsWith(Dialect.INTERNAL)) {
                    continue;
                }
                // A one-trip statement counts as the statement it carries, not as its timeout.
                sql = Dialect.withoutOneTrip(sql);
                record(sql, size == 1 ? nanos : nanos / size, size == 1 ? rows : -1, !execution.isSuccess(), query,
                        execution, this);
            }
        }

        boolean isPostgres(ExecutionInfo execution) {
            Boolean known = postgres;
            if (known == null) {
                try {
                    known = execution.getStatement().getConnection().getMetaData().getDatabaseProductName()
                            .toLowerCase(Locale.ROOT).contains("postgresql");
                } catch (SQLException | RuntimeException e) {
                    return false;
                }
                postgres = known;
            }
            return known;
        }
    }

    /** Builds a {@link QueryAnalyzer}; every setting has a default. */
    public static final class Builder {

        private Duration slowQueryThreshold = Duration.ofMillis(500);
        private int nPlusOneThreshold = 10;
        private boolean explainEnabled = true;
        private boolean explainAnalyze;
        private Duration explainInterval = Duration.ofMinutes(10);
        private long largeTableRows = 10_000;
        private int maxFingerprints = 1_000;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Statements at least this slow are logged and (SELECTs on PostgreSQL) explained; 500 ms by default. */
        public Builder slowQueryThreshold(Duration threshold) {
            if (threshold == null || threshold.isNegative()) {
                throw new IllegalArgumentException("slowQueryThreshold must be >= 0, was " + threshold);
            }
            this.slowQueryThreshold = threshold;
            return this;
        }

        /** A statement run more than this many times in one scope is an N+1 incident; 10 by default. */
        public Builder nPlusOneThreshold(int threshold) {
            if (threshold < 1) {
                throw new IllegalArgumentException("nPlusOneThreshold must be >= 1, was " + threshold);
            }
            this.nPlusOneThreshold = threshold;
            return this;
        }

        /** Whether slow SELECTs are explained on PostgreSQL; on by default. */
        public Builder explain(boolean enabled) {
            this.explainEnabled = enabled;
            return this;
        }

        /** Whether EXPLAIN runs with ANALYZE, executing the statement once more; off by default. */
        public Builder explainAnalyze(boolean analyze) {
            this.explainAnalyze = analyze;
            return this;
        }

        /** The same fingerprint is explained at most once per interval; 10 minutes by default. */
        public Builder explainInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("explainInterval must be >= 0, was " + interval);
            }
            this.explainInterval = interval;
            return this;
        }

        /** Sequential scans over tables of at least this many (estimated) rows are flagged; 10,000 by default. */
        public Builder largeTableRows(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("largeTableRows must be >= 0, was " + rows);
            }
            this.largeTableRows = rows;
            return this;
        }

        /** Most fingerprints tracked; the least used are dropped beyond it; 1,000 by default. */
        public Builder maxFingerprints(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFingerprints must be >= 1, was " + max);
            }
            this.maxFingerprints = max;
            return this;
        }

        /** The clock of snapshot and incident times. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public QueryAnalyzer build() {
            return new QueryAnalyzer(this);
        }
    }
}
