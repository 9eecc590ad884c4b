package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.corpastro.performance.db.internal.GuardedConnections;
import com.corpastro.performance.db.internal.SqlFailures;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * A data source that fails fast while the database does not answer, around another one (a pool):
 *
 * <ul>
 * <li>a <b>circuit breaker</b>: each connection checkout, from {@link #getConnection()} to
 * {@link Connection#close()}, is one call; it fails when no connection came or when a statement on
 * it found the database gone (SQLState class 08, {@code 57P01}-{@code 57P03}, a timeout). Past
 * the breaker's failure rate, {@code getConnection()} throws {@link DatabaseCallRefusedException}
 * in microseconds until the breaker lets trial calls through again;</li>
 * <li>a <b>bulkhead</b>: at most so many checkouts at once (the pool's size plus the calls allowed
 * to wait for a connection); one more is refused at once instead of queueing;</li>
 * <li>a <b>statement timeout</b> on every statement that sets none itself
 * ({@link java.sql.Statement#setQueryTimeout}, in whole seconds).</li>
 * </ul>
 *
 * <pre>{@code
 * DataSource database = GuardedDataSource.builder(hikari)
 *         .circuitBreaker(CircuitBreaker.of("database", CircuitBreakerConfig.ofDefaults()))
 *         .bulkhead(Bulkhead.of("database", BulkheadConfig.custom().maxConcurrentCalls(30)
 *                 .maxWaitDuration(Duration.ZERO).build()))
 *         .statementTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * <p>Auto-configuration puts one in front of every HikariCP data source (settings under
 * {@code corp-astro.db}). Thread-safe.
 */
public final class GuardedDataSource extends DelegatingDataSource {

    private final CircuitBreaker circuitBreaker;
    private final Bulkhead bulkhead;
    private final int statementTimeoutSeconds;

    private GuardedDataSource(Builder builder) {
        super(builder.target);
        this.circuitBreaker = builder.circuitBreaker;
        this.bulkhead = builder.bulkhead;
        this.statementTimeoutSeconds = builder.statementTimeoutSeconds;
    }

    /** A builder for a guard in front of {@code target}; without settings it guards nothing. */
    public static Builder builder(DataSource target) {
        return new Builder(target);
    }

    /** The circuit breaker, if there is one. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    /** The bulkhead, if there is one. */
    public Bulkhead bulkhead() {
        return bulkhead;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guarded(null, null);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return guarded(username, password);
    }

    private Connection guarded(String username, String password) throws SQLException {
        if (circuitBreaker != null && !circuitBreaker.tryAcquirePermission()) {
            throw new DatabaseCallRefusedException("the database circuit breaker is " + circuitBreaker.getState()
                    + ": the database failed recently, calls are refused until trial calls succeed");
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            if (circuitBreaker != null) {
                circuitBreaker.releasePermission();
            }
            throw new DatabaseCallRefusedException("the database bulkhead is full: "
                    + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " calls in flight already");
        }
        long started = System.nanoTime();
        Connection connection;
        try {
            connection = username == null ? obtainTargetDataSource().getConnection()
                    : obtainTargetDataSource().getConnection(username, password);
        } catch (SQLException | RuntimeException | Error e) {
            finished(started, e);
            throw e;
        }
        return GuardedConnections.wrap(connection, statementTimeoutSeconds, failure -> finished(started, failure));
    }

    /** Ends one call: {@code failure} is the first failure that said the database is unavailable, or null. */
    private void finished(long startedNanos, Throwable failure) {
        long nanos = System.nanoTime() - startedNanos;
        try {
            if (circuitBreaker != null) {
                if (failure != null && SqlFailures.isUnavailable(failure)) {
                    circuitBreaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
                } else {
                    circuitBreaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                }
            }
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    @Override
    public String toString() {
        return "GuardedDataSource[" + getTargetDataSource() + "]";
    }

    /** Builds a {@link GuardedDataSource}; every part is optional. */
    public static final class Builder {

        private final DataSource target;
        private CircuitBreaker circuitBreaker;
        private Bulkhead bulkhead;
        private int statementTimeoutSeconds;

        private Builder(DataSource target) {
            if (target == null) {
                throw new IllegalArgumentException("target data source must not be null");
            }
            this.target = target;
        }

        /** The breaker every connection checkout passes; none by default. */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        /** The bulkhead bounding concurrent checkouts; use a wait of zero so a full one refuses at once. */
        public Builder bulkhead(Bulkhead bulkhead) {
            this.bulkhead = bulkhead;
            return this;
        }

        /**
         * The query timeout of every statement that sets none, rounded up to whole seconds (JDBC's
         * unit); zero for none, the default.
         */
        public Builder statementTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("statementTimeout must be >= 0, was " + timeout);
            }
            long seconds = (timeout.toMillis() + 999) / 1000;
            if (seconds > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("statementTimeout is too long, was " + timeout);
            }
            this.statementTimeoutSeconds = (int) seconds;
            return this;
        }

        public GuardedDataSource build() {
            return new GuardedDataSource(this);
        }
    }
}
