package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.TypeRef;
import com.corpastro.performance.db.internal.Backoff;
import com.corpastro.performance.db.internal.BulkInserter;
import com.corpastro.performance.db.internal.Dialect;
import com.corpastro.performance.db.internal.SqlFailures;

/**
 * Runs database work with the rules that are easy to get wrong by hand: retries only on transient
 * failures, a timeout that the server enforces, transactions that roll back on any exception and
 * re-run from the start after a serialization failure, and the fastest bulk insert the database has.
 *
 * <pre>{@code
 * Business b = optimizer.executeQuery(
 *         c -> jdbc.queryForObject("select * from businesses where id = ?", mapper, id),
 *         QueryOptions.defaults().withTimeout(Duration.ofSeconds(2)).cached("business:" + id, Duration.ofMinutes(5)));
 *
 * optimizer.executeInTransaction(c -> { debit(c); credit(c); return null; },
 *         TxOptions.defaults().withIsolation(Isolation.SERIALIZABLE).withRetries(3));
 *
 * BulkResult r = optimizer.bulkInsert("businesses", rows, BulkOptions.defaults().ignoringDuplicates("external_id"));
 * }</pre>
 *
 * <h2>Retries</h2> Only SQLState {@code 40001} (serialization failure), {@code 40P01} (deadlock),
 * {@code 55P03} (lock not available) and, when no transaction was open, connection failures
 * (class {@code 08}, and PostgreSQL's {@code 57P01}-{@code 57P03} "session terminated") are
 * retried, with exponential backoff and jitter. Constraint violations, syntax errors and timeouts
 * never are. Inside a transaction the caller already holds, nothing is retried: the outer
 * transaction is aborted and only its owner can re-run it.
 *
 * <h2>Timeouts</h2> The timeout is a deadline for the whole call, retries and pauses included.
 * Each attempt sets the server's statement timeout to the time left (PostgreSQL
 * {@code statement_timeout}, H2 {@code QUERY_TIMEOUT}), so a runaway query is cancelled by the
 * database itself; no new attempt starts past the deadline, and a transaction whose work finishes
 * past it is rolled back. Statements run through JdbcTemplate or JdbcClient inside the callback get
 * the time left as their JDBC query timeout. The connection's socket read timeout (the PostgreSQL
 * driver's {@code socketTimeout}) still bounds every single wait for the server, so a server that
 * hangs fails the call after it, whatever the deadline; only {@code bulkInsert} raises it to the
 * transaction timeout for its COPY. Timeouts surface as {@link QueryTimeoutException} or
 * {@link TransactionTimedOutException}.
 *
 * <p>Failures surface as Spring {@link DataAccessException}s. Thread-safe.
 */
public final class DatabaseOptimizer {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOptimizer.class);
    /** How much longer than a bulk insert's deadline its socket reads may wait, so the server's timeout comes first. */
    private static final long NETWORK_TIMEOUT_MARGIN_MILLIS = 1_000;

    private final DataSource dataSource;
    private final PlatformTransactionManager transactionManager;
    private final CacheManager cache;
    private final Duration queryTimeout;
    private final Duration transactionTimeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final SQLExceptionTranslator translator;
    private final BulkInserter bulkInserter = new BulkInserter();
    private final boolean oneTripStatements;
    private volatile Dialect dialect;

    private DatabaseOptimizer(Builder builder) {
        this.dataSource = builder.dataSource;
        this.transactionManager = builder.transactionManager != null ? builder.transactionManager
                : new DataSourceTransactionManager(builder.dataSource);
        this.cache = builder.cacheManager;
        this.queryTimeout = builder.queryTimeout;
        this.transactionTimeout = builder.transactionTimeout;
        this.maxRetries = builder.maxRetries;
        this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff);
        this.translator = new SQLExceptionSubclassTranslator(); // JdbcTemplate's default since Spring 6
        this.oneTripStatements = builder.oneTripStatements;
    }

    /** A builder for an optimizer over {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** {@link #executeQuery(DbCallback, QueryOptions)} with {@link QueryOptions#defaults()}. */
    public <T> T executeQuery(DbCallback<T> work) {
        return executeQuery(work, QueryOptions.defaults());
    }

    /**
     * Runs {@code work} on a connection (the current transaction's, if there is one), retrying
     * transient failures and enforcing the timeout on the server. With a {@code cacheKey}, a cached
     * result is returned without touching the database, and a fresh one is stored, tagged with the
     * options' {@code cacheTags}. A collection, map or {@code Optional} result is read back from Redis
     * with the element type its contents show; {@link #executeQuery(DbCallback, TypeRef, QueryOptions)}
     * names the type instead.
     *
     * <p>Inside a transaction the cache is neither read nor written at once: the query runs (the
     * transaction must see its own writes) and its result is stored after the commit, unless an
     * entity invalidation (such as the transaction's own, which also runs after the commit) reached
     * the cache since the query began; nothing is stored when the transaction rolls back.
     *
     * @throws DataAccessException   the translated failure of the last attempt
     * @throws QueryTimeoutException when the deadline passed
     * @throws IllegalStateException when a cacheKey is given and no {@link CacheManager} is configured
     */
    @SuppressWarnings("unchecked")
    public <T> T executeQuery(DbCallback<T> work, QueryOptions options) {
        return executeQuery(work, (TypeRef<T>) TypeRef.of(Object.class), options);
    }

    /**
     * {@link #executeQuery(DbCallback, QueryOptions)} whose cached result is of {@code type}, generics
     * included: a result in Redis that cannot be read as {@code type} is a miss and the query runs.
     *
     * <pre>{@code
     * static final TypeRef<List<Business>> BUSINESSES = new TypeRef<>() {};
     * List<Business> mine = optimizer.executeQuery(c -> repository.findByOwner(c, owner), BUSINESSES,
     *         QueryOptions.defaults().cached("business-list:" + owner, Duration.ofMinutes(5),
     *                 List.of(EntityTag.of("business-list", owner))));
     * }</pre>
     */
    public <T> T executeQuery(DbCallback<T> work, TypeRef<T> type, QueryOptions options) {
        if (options.cacheKey() == null) {
            return runQuery(work, options);
        }
        if (cache == null) {
            throw new IllegalStateException("cacheKey '" + options.cacheKey() + "' given but no CacheManager is configured");
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.isSynchronizationActive()) {
            long mark = cache.invalidationMark();
            T result = runQuery(work, options);
            if (result != null) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        cache.fill(options.cacheKey(), result, options.cacheTtl(), options.cacheTags(), mark);
                    }
                });
            }
            return result;
        }
        return cache.getOrSet(options.cacheKey(), type, options.cacheTtl(), options.cacheTags(),
                () -> runQuery(work, options));
    }

    /**
     * Runs one statement that answers rows, {@code sql} with {@code params} bound in order, with the
     * default options of {@link #executeQuery} (retries, deadline, server-side timeout), and maps each
     * row. With {@linkplain Builder#oneTripStatements one-trip statements} on PostgreSQL, outside a
     * transaction, the statement timeout travels with the statement ({@code SET LOCAL statement_timeout},
     * in whole seconds rounded up, in the same implicit transaction): one round trip instead of three
     * (set the timeout, run, restore it). Elsewhere it costs what {@link #executeQuery} costs.
     *
     * <pre>{@code
     * List<Long> ids = optimizer.query("select id from businesses where owner_id = ?", (rs, i) -> rs.getLong(1), owner);
     * }</pre>
     */
    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        return statement(sql, params, statement -> {
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.getResultSet()) {
                if (rs == null) {
                    throw new IllegalArgumentException("query answered no rows, use update: " + sql);
                }
                while (rs.next()) {
                    rows.add(mapper.mapRow(rs, rows.size()));
                }
            }
            return rows;
        });
    }

    /** {@link #query} for a statement that answers an update count (INSERT, UPDATE, DELETE); the count. */
    public int update(String sql, Object... params) {
        return statement(sql, params, PreparedStatement::getUpdateCount);
    }

    /** Whether statements of {@link #query} and {@link #update} may carry their own timeout (see there). */
    public boolean oneTripStatements() {
        return oneTripStatements;
    }

    /** Whether the database is PostgreSQL (asked once, on a connection of the pool). */
    public boolean isPostgres() {
        return executeQuery(connection -> dialect(connection) == Dialect.POSTGRESQL);
    }

    /** {@link #executeInTransaction(DbCallback, TxOptions)} with {@link TxOptions#defaults()}. */
    public <T> T executeInTransaction(DbCallback<T> work) {
        return executeInTransaction(work, TxOptions.defaults());
    }

    /**
     * Runs {@code work} in a Spring transaction (joining the current one if there is one) that
     * commits when it returns and rolls back on any exception. Serialization failures, deadlocks
     * and lock-not-available errors re-run the whole transaction from the start, up to
     * {@code retries} times; a connection failure is retried only when it came before the
     * transaction began.
     */
    public <T> T executeInTransaction(DbCallback<T> work, TxOptions options) {
        Duration timeout = options.timeout() != null ? options.timeout() : transactionTimeout;
        boolean joining = inTransactionOnThisDataSource();
        int retries = joining ? 0 : options.retries() != null ? options.retries() : maxRetries;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0;; attempt++) {
            long remaining = remainingMillis(deadline, "transaction", timeout);
            DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
                    TransactionDefinition.PROPAGATION_REQUIRED);
            definition.setIsolationLevel(options.isolationLevel().value());
            definition.setReadOnly(options.readOnly());
            definition.setTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(remaining + 999)));
            try {
                return new TransactionTemplate(transactionManager, definition)
                        .execute(status -> inTransaction(work, deadline, timeout));
            } catch (RuntimeException e) {
                retryOrThrow(e, attempt, retries, deadline, true);
            }
        }
    }

    /**
     * Inserts {@code rows} into {@code table} in one transaction (the current one, if any), the
     * fastest way the database allows: COPY on PostgreSQL, multi-row INSERTs elsewhere. Rows are
     * {@link java.util.Map}s from column name to value or records whose components name the
     * columns ({@code externalId} matches a column {@code external_id}); every row has the same
     * columns. Table and column names are looked up in the database's metadata and quoted as
     * found there, so nothing of them reaches SQL unchecked.
     *
     * <p>With {@link BulkOptions#ignoreDuplicates()}, rows that conflict with a row already in the
     * table or earlier in the input are skipped and counted; otherwise a duplicate fails the whole
     * insert and nothing is written.
     *
     * @throws IllegalArgumentException for an unknown table or column, or rows of mixed shapes
     */
    public BulkResult bulkInsert(String table, Collection<?> rows, BulkOptions options) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("table must not be blank, was '" + table + "'");
        }
        if (rows.isEmpty()) {
            return new BulkResult(0, 0);
        }
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition(
                TransactionDefinition.PROPAGATION_REQUIRED);
        long started = System.nanoTime();
        BulkResult result = new TransactionTemplate(transactionManager, definition).execute(status -> {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            // COPY of many rows may run and wait on the server longer than one statement should: the
            // transaction's timeout bounds it instead of the statement timeout (PostgreSQL's
            // statement_timeout, set for every session, would cancel a large import under load).
            int network = raiseNetworkTimeout(connection, transactionTimeout.toMillis());
            Dialect dialect = null;
            String previous = null;
            try {
                dialect = dialect(connection);
                previous = dialect.applyTimeout(connection, transactionTimeout.toMillis(), true);
                return bulkInserter.insert(connection, dialect, table, rows, options);
            } catch (SQLException e) {
                throw translate("bulkInsert", e);
            } finally {
                if (dialect != null) {
                    restoreQuietly(dialect, connection, previous, true);
                }
                restoreNetworkTimeout(connection, network);
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        });
        log.info("db_bulk_insert table={} rows={} inserted={} skipped={} duration_ms={}", table, rows.size(),
                result.inserted(), result.skipped(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return result;
    }

    private <T> T runQuery(DbCallback<T> work, QueryOptions options) {
        return withRetries(options, (remaining, inTransaction) -> attemptQuery(work, remaining, inTransaction));
    }

    /** Attempts of one query call: how many, and the pauses and deadline between them. */
    private <T> T withRetries(QueryOptions options, Attempt<T> attempt) {
        Duration timeout = options.timeout() != null ? options.timeout() : queryTimeout;
        boolean inTransaction = inTransactionOnThisDataSource();
        int retries = inTransaction ? 0 : options.retries() != null ? options.retries() : maxRetries;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int number = 0;; number++) {
            long remaining = remainingMillis(deadline, "query", timeout);
            try {
                return attempt.run(remaining, inTransaction);
            } catch (RuntimeException e) {
                retryOrThrow(e, number, retries, deadline, inTransaction);
            }
        }
    }

    private interface Attempt<T> {
        T run(long timeoutMillis, boolean inTransaction);
    }

    /** What a statement of {@link #statement} answered, read from the statement positioned on its result. */
    private interface StatementResult<T> {
        T read(PreparedStatement statement) throws SQLException;
    }

    private <T> T statement(String sql, Object[] params, StatementResult<T> result) {
        return withRetries(QueryOptions.defaults(),
                (remaining, inTransaction) -> attemptStatement(sql, params, result, remaining, inTransaction));
    }

    private <T> T attemptStatement(String sql, Object[] params, StatementResult<T> result, long timeoutMillis,
            boolean inTransaction) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Dialect dialect = dialect(connection);
            if (oneTripStatements && dialect == Dialect.POSTGRESQL && !inTransaction && connection.getAutoCommit()) {
                try (PreparedStatement statement = connection.prepareStatement(Dialect.oneTrip(sql, timeoutMillis))) {
                    bind(statement, params);
                    statement.execute(); // the SET LOCAL's (empty) result
                    statement.getMoreResults();
                    return result.read(statement);
                }
            }
            String previous = dialect.applyTimeout(connection, timeoutMillis, inTransaction);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, params);
                statement.execute();
                return result.read(statement);
            } finally {
                restoreQuietly(dialect, connection, previous, inTransaction);
            }
        } catch (SQLException e) {
            throw translate("executeStatement", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            StatementCreatorUtils.setParameterValue(statement, i + 1, SqlTypeValue.TYPE_UNKNOWN, params[i]);
        }
    }

    private <T> T attemptQuery(DbCallback<T> work, long timeoutMillis, boolean inTransaction) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        boolean bound = false;
        try {
            if (!TransactionSynchronizationManager.hasResource(dataSource)) {
                // Lets JdbcTemplate / JdbcClient inside the callback run on this connection, their
                // statements with the time left as their query timeout.
                ConnectionHolder holder = new ConnectionHolder(connection);
                holder.setTimeoutInMillis(timeoutMillis);
                TransactionSynchronizationManager.bindResource(dataSource, holder);
                bound = true;
            }
            Dialect dialect = dialect(connection);
            String previous = dialect.applyTimeout(connection, timeoutMillis, inTransaction);
            try {
                return work.doInConnection(connection);
            } finally {
                restoreQuietly(dialect, connection, previous, inTransaction);
            }
        } catch (SQLException e) {
            throw translate("executeQuery", e);
        } finally {
            if (bound) {
                TransactionSynchronizationManager.unbindResource(dataSource);
            }
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private <T> T inTransaction(DbCallback<T> work, long deadline, Duration timeout) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Dialect dialect = dialect(connection);
            long remaining = remainingMillis(deadline, "transaction", timeout);
            String previous = dialect.applyTimeout(connection, remaining, true);
            try {
                T result = work.doInConnection(connection);
                if (System.nanoTime() - deadline > 0) {
                    throw new TransactionTimedOutException("transaction ran past its timeout of " + timeout);
                }
                return result;
            } finally {
                if (dialect != Dialect.POSTGRESQL) {
                    restoreQuietly(dialect, connection, previous, true);
                }
            }
        } catch (SQLException e) {
            throw translate("executeInTransaction", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private void retryOrThrow(RuntimeException failure, int attempt, int retries, long deadline, boolean transactionOpen) {
        if (attempt >= retries || !SqlFailures.retryable(failure, transactionOpen)) {
            throw failure;
        }
        long pause = backoff.pauseNanos(attempt);
        if (System.nanoTime() + pause - deadline >= 0) {
            throw failure;
        }
        log.info("db_retry attempt={} sql_state={} pause_ms={} error=\"{}\"", attempt + 1, SqlFailures.sqlState(failure),
                TimeUnit.NANOSECONDS.toMillis(pause), failure.getMessage());
        LockSupport.parkNanos(pause);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private boolean inTransactionOnThisDataSource() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                && TransactionSynchronizationManager.hasResource(dataSource);
    }

    private static long remainingMillis(long deadline, String what, Duration timeout) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new QueryTimeoutException(what + " did not finish within its timeout of " + timeout);
        }
        return remaining;
    }

    /**
     * Raises the connection's socket read timeout (the driver's {@code socketTimeout}, which bounds
     * every wait for a server that hangs) to the call's deadline plus a second, so the server-side
     * timeout ends a long statement first. Returns the timeout to restore, or -1 when unchanged
     * (none set, or already long enough).
     */
    private static int raiseNetworkTimeout(Connection connection, long deadlineMillis) {
        try {
            int current = connection.getNetworkTimeout();
            long wanted = deadlineMillis + NETWORK_TIMEOUT_MARGIN_MILLIS;
            if (current <= 0 || current >= wanted) {
                return -1;
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, wanted));
            return current;
        } catch (SQLException | UnsupportedOperationException e) {
            return -1;
        }
    }

    private static void restoreNetworkTimeout(Connection connection, int previous) {
        if (previous < 0) {
            return;
        }
        try {
            connection.setNetworkTimeout(Runnable::run, previous);
        } catch (SQLException e) {
            // A broken connection: the pool drops it, and a new one starts from the driver's setting.
            log.debug("db_network_timeout_restore_failed error=\"{}\"", e.getMessage());
        }
    }

    private void restoreQuietly(Dialect dialect, Connection connection, String previous, boolean local) {
        try {
            dialect.restoreTimeout(connection, previous, local);
        } catch (SQLException e) {
            // The connection is broken or its transaction aborted; the pool or the rollback resets it.
            log.debug("db_timeout_restore_failed error=\"{}\"", e.getMessage());
        }
    }

    private Dialect dialect(Connection connection) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = Dialect.of(connection);
            dialect = known;
        }
        return known;
    }

    private DataAccessException translate(String task, SQLException e) {
        if (SqlFailures.isTimeout(e)) {
            return new QueryTimeoutException(task + " cancelled by the database after its timeout: " + e.getMessage(), e);
        }
        DataAccessException translated = translator.translate(task, null, e);
        return translated != null ? translated : new UncategorizedSQLException(task, null, e);
    }

    /** Builds a {@link DatabaseOptimizer}; every setting has a default. */
    public static final class Builder {

        private final DataSource dataSource;
        private PlatformTransactionManager transactionManager;
        private CacheManager cacheManager;
        private Duration queryTimeout = Duration.ofSeconds(30);
        private Duration transactionTimeout = Duration.ofSeconds(60);
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(50);
        private Duration maxBackoff = Duration.ofSeconds(2);
        private boolean oneTripStatements;

        private Builder(DataSource dataSource) {
            if (dataSource == null) {
                throw new IllegalArgumentException("dataSource must not be null");
            }
            this.dataSource = dataSource;
        }

        /** The transaction manager over the same data source; a {@link DataSourceTransactionManager} by default. */
        public Builder transactionManager(PlatformTransactionManager transactionManager) {
            this.transactionManager = transactionManager;
            return this;
        }

        /** The cache behind {@link QueryOptions#cacheKey()}; none by default. */
        public Builder cacheManager(CacheManager cacheManager) {
            this.cacheManager = cacheManager;
            return this;
        }

        /** Default deadline of {@code executeQuery}; 30 s by default. */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = positive("queryTimeout", timeout);
            return this;
        }

        /** Default deadline of {@code executeInTransaction}; 60 s by default. */
        public Builder transactionTimeout(Duration timeout) {
            this.transactionTimeout = positive("transactionTimeout", timeout);
            return this;
        }

        /** Default retries of transient failures; 3 by default. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Pause before the first retry (doubling, with jitter) and the longest pause; 50 ms and 2 s by default. */
        public Builder backoff(Duration initial, Duration max) {
            new Backoff(initial, max);
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Whether {@link DatabaseOptimizer#query} and {@link DatabaseOptimizer#update} on PostgreSQL send the
         * statement timeout with the statement, in one round trip; off by default.
         */
        public Builder oneTripStatements(boolean oneTripStatements) {
            this.oneTripStatements = oneTripStatements;
            return this;
        }

        public DatabaseOptimizer build() {
            return new DatabaseOptimizer(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0, was " + value);
            }
            return value;
        }
    }
}
