package com.corpastro.performance.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import com.corpastro.performance.autoconfigure.CircuitBreakerProperties;

/**
 * Settings of the database optimizer, query analyzer, pool sizing, timeouts, circuit breaker, bulkhead
 * and health check, under
 * {@code corp-astro.db}. Bad values fail start-up with the value in the message.
 */
@ConfigurationProperties("corp-astro.db")
public class DbProperties {

    /** Whether the database optimizer, query analyzer, pool meters and health check are on. */
    private boolean enabled = true;

    /** Default deadline of DatabaseOptimizer.executeQuery, retries included; also the server-side statement timeout. */
    private Duration queryTimeout = Duration.ofSeconds(30);

    /** Default deadline of DatabaseOptimizer.executeInTransaction, retries included. */
    private Duration transactionTimeout = Duration.ofSeconds(60);

    /**
     * Whether DatabaseOptimizer.query and update on PostgreSQL, outside a transaction, send the statement timeout
     * with the statement (SET LOCAL, whole seconds) in one round trip instead of setting and restoring it around
     * it (three); off with corp-astro.performance.enabled=false.
     */
    private boolean oneTripStatements = true;

    /**
     * Longest wait for a connection from the pool (HikariCP connectionTimeout, unless
     * spring.datasource.hikari.connection-timeout is set) and, on PostgreSQL, for the TCP connect and a cancel request.
     */
    private Duration connectionTimeout = Duration.ofSeconds(2);

    /**
     * Timeout of every statement that sets none itself (JdbcTemplate, JdbcClient, plain JDBC); 0 for none. PostgreSQL
     * enforces it on the server (the startup option statement_timeout, unless the URL sets options); other databases
     * get it as the JDBC query timeout, in whole seconds, rounded up.
     */
    private Duration statementTimeout = Duration.ofSeconds(5);

    /**
     * On PostgreSQL, the driver's socketTimeout: longest wait for any answer of the server, in whole seconds,
     * rounded up, so a hung server cannot hold a call longer; 0 for none. Keep it above the longest statement
     * you run; DatabaseOptimizer.bulkInsert raises it to the transaction timeout for its COPY.
     */
    private Duration socketTimeout = Duration.ofSeconds(10);

    /**
     * The circuit breaker named "database" in front of the data source: every connection checkout is a call,
     * failed when the database did not answer (no connection, connection lost, timeout).
     */
    @NestedConfigurationProperty
    private final CircuitBreakerProperties circuitBreaker = new CircuitBreakerProperties("corp-astro.db.circuit-breaker",
            10, Duration.ofSeconds(2), 3);

    private final Bulkhead bulkhead = new Bulkhead();

    private final Retry retry = new Retry();

    private final Analyzer analyzer = new Analyzer();

    private final Pool pool = new Pool();

    private final Health health = new Health();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isOneTripStatements() {
        return oneTripStatements;
    }

    public void setOneTripStatements(boolean oneTripStatements) {
        this.oneTripStatements = oneTripStatements;
    }

    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = positive("corp-astro.db.query-timeout", queryTimeout);
    }

    public Duration getTransactionTimeout() {
        return transactionTimeout;
    }

    public void setTransactionTimeout(Duration transactionTimeout) {
        this.transactionTimeout = positive("corp-astro.db.transaction-timeout", transactionTimeout);
    }

    public Duration getConnectionTimeout() {
        return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
        positive("corp-astro.db.connection-timeout", connectionTimeout);
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("corp-astro.db.connection-timeout must be >= 250ms (HikariCP's least), was "
                    + connectionTimeout);
        }
        this.connectionTimeout = connectionTimeout;
    }

    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = notNegative("corp-astro.db.statement-timeout", statementTimeout);
    }

    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = notNegative("corp-astro.db.socket-timeout", socketTimeout);
    }

    public CircuitBreakerProperties getCircuitBreaker() {
        return circuitBreaker;
    }

    public Bulkhead getBulkhead() {
        return bulkhead;
    }

    public Retry getRetry() {
        return retry;
    }

    public Analyzer getAnalyzer() {
        return analyzer;
    }

    public Pool getPool() {
        return pool;
    }

    public Health getHealth() {
        return health;
    }

    static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    static Duration notNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /** The bulkhead named {@code database}: how many checkouts may wait for a connection beyond the pool. */
    public static class Bulkhead {

        /** Whether concurrent connection checkouts are bounded. */
        private boolean enabled = true;

        /**
         * Checkouts allowed beyond the pool's maximum size (they wait for a connection, at most the
         * connection timeout); more are refused at once. Sized for a healthy database under load (each
         * waiter is a parked virtual thread); the circuit breaker, not this, stops calls to a failing one.
         */
        private int maxWaitingCalls = 200;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxWaitingCalls() {
            return maxWaitingCalls;
        }

        public void setMaxWaitingCalls(int maxWaitingCalls) {
            if (maxWaitingCalls < 0) {
                throw new IllegalArgumentException(
                        "corp-astro.db.bulkhead.max-waiting-calls must be >= 0, was " + maxWaitingCalls);
            }
            this.maxWaitingCalls = maxWaitingCalls;
        }
    }

    /** Retries of transient failures (serialization failure, deadlock, lock not available, lost connection). */
    public static class Retry {

        /** Default number of retries after the first attempt. */
        private int maxRetries = 3;

        /** Pause before the first retry; each later pause doubles, with jitter. */
        private Duration initialBackoff = Duration.ofMillis(50);

        /** Longest pause between two attempts. */
        private Duration maxBackoff = Duration.ofSeconds(2);

        public int getMaxRetries() {
            return maxRetries;
        }

        public void setMaxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("corp-astro.db.retry.max-retries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = notNegative("corp-astro.db.retry.initial-backoff", initialBackoff);
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = positive("corp-astro.db.retry.max-backoff", maxBackoff);
        }
    }

    /** The query analyzer that watches every JDBC statement of the application's data source. */
    public static class Analyzer {

        /** Whether the application's data sources are wrapped to collect statistics, slow queries and N+1 incidents. */
        private boolean enabled = true;

        /** Statements at least this slow are logged and, for SELECTs on PostgreSQL, explained. */
        private Duration slowQueryThreshold = Duration.ofMillis(500);

        /** A statement run more than this many times within one HTTP request is reported as N+1. */
        private int nPlusOneThreshold = 10;

        /** Whether slow SELECTs are explained (PostgreSQL only, on a background thread). */
        private boolean explain = true;

        /** Whether EXPLAIN uses ANALYZE, which runs the slow statement once more. */
        private boolean explainAnalyze = false;

        /** The same statement is explained at most once per this interval. */
        private Duration explainInterval = Duration.ofMinutes(10);

        /** Sequential scans over tables with at least this many estimated rows are flagged. */
        private long largeTableRows = 10_000;

        /** Most statement fingerprints kept in memory; the least used are dropped beyond it. */
        private int maxFingerprints = 1_000;

        /**
         * Whether every statement's duration also goes to the performance monitor's database_query series
         * (by operation and table), when there is a monitor.
         */
        private boolean recordInMonitor = true;

        public boolean isRecordInMonitor() {
            return recordInMonitor;
        }

        public void setRecordInMonitor(boolean recordInMonitor) {
            this.recordInMonitor = recordInMonitor;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getSlowQueryThreshold() {
            return slowQueryThreshold;
        }

        public void setSlowQueryThreshold(Duration slowQueryThreshold) {
            this.slowQueryThreshold = notNegative("corp-astro.db.analyzer.slow-query-threshold", slowQueryThreshold);
        }

        public int getNPlusOneThreshold() {
            return nPlusOneThreshold;
        }

        public void setNPlusOneThreshold(int nPlusOneThreshold) {
            if (nPlusOneThreshold < 1) {
                throw new IllegalArgumentException(
                        "corp-astro.db.analyzer.n-plus-one-threshold must be >= 1, was " + nPlusOneThreshold);
            }
            this.nPlusOneThreshold = nPlusOneThreshold;
        }

        public boolean isExplain() {
            return explain;
        }

        public void setExplain(boolean explain) {
            this.explain = explain;
        }

        public boolean isExplainAnalyze() {
            return explainAnalyze;
        }

        public void setExplainAnalyze(boolean explainAnalyze) {
            this.explainAnalyze = explainAnalyze;
        }

        public Duration getExplainInterval() {
            return explainInterval;
        }

        public void setExplainInterval(Duration explainInterval) {
            this.explainInterval = notNegative("corp-astro.db.analyzer.explain-interval", explainInterval);
        }

        public long getLargeTableRows() {
            return largeTableRows;
        }

        public void setLargeTableRows(long largeTableRows) {
            if (largeTableRows < 0) {
                throw new IllegalArgumentException(
                        "corp-astro.db.analyzer.large-table-rows must be >= 0, was " + largeTableRows);
            }
            this.largeTableRows = largeTableRows;
        }

        public int getMaxFingerprints() {
            return maxFingerprints;
        }

        public void setMaxFingerprints(int maxFingerprints) {
            if (maxFingerprints < 1) {
                throw new IllegalArgumentException(
                        "corp-astro.db.analyzer.max-fingerprints must be >= 1, was " + maxFingerprints);
            }
            this.maxFingerprints = maxFingerprints;
        }
    }

    /** Sizing of the HikariCP pool behind the application's data source. */
    public static class Pool {

        /**
         * Largest pool size; unset means spring.datasource.hikari.maximum-pool-size when that is set, else
         * cores * 2 + 1.
         */
        private Integer maximumSize;

        /** A connection held longer than this is logged as a possible leak; 0 turns leak detection off. */
        private Duration leakDetectionThreshold = Duration.ofSeconds(30);

        public Integer getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(Integer maximumSize) {
            if (maximumSize != null && maximumSize < 1) {
                throw new IllegalArgumentException("corp-astro.db.pool.maximum-size must be >= 1, was " + maximumSize);
            }
            this.maximumSize = maximumSize;
        }

        public Duration getLeakDetectionThreshold() {
            return leakDetectionThreshold;
        }

        public void setLeakDetectionThreshold(Duration leakDetectionThreshold) {
            notNegative("corp-astro.db.pool.leak-detection-threshold", leakDetectionThreshold);
            if (!leakDetectionThreshold.isZero() && leakDetectionThreshold.toMillis() < 2_000) {
                throw new IllegalArgumentException(
                        "corp-astro.db.pool.leak-detection-threshold must be 0 or >= 2s, was " + leakDetectionThreshold);
            }
            this.leakDetectionThreshold = leakDetectionThreshold;
        }
    }

    /** The database health indicator. */
    public static class Health {

        /** Whether the health indicator is registered (when Spring Boot's health support is present). */
        private boolean enabled = true;

        /** DOWN when no connection and answer to SELECT 1 come within this bound. */
        private Duration timeout = Duration.ofSeconds(2);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = positive("corp-astro.db.health.timeout", timeout);
        }
    }
}
