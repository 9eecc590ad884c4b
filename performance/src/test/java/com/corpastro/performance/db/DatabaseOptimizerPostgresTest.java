package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;

import com.corpastro.performance.cache.TieredCacheManager;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

class DatabaseOptimizerPostgresTest {

    private static HikariDataSource dataSource;
    private static DatabaseOptimizer optimizer;

    @BeforeAll
    static void startDatabase() {
        dataSource = Postgres.newDatabase();
        optimizer = DatabaseOptimizer.builder(dataSource)
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .cacheManager(TieredCacheManager.builder().build())
                .build();
        Postgres.execute(dataSource,
                "create table counter (id int primary key, n int not null)",
                "insert into counter values (1, 0)",
                "create table items (id int primary key, name text not null)");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void terminatedBackendConnectionIsRetriedAndSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        int result = optimizer.executeQuery(connection -> {
            if (attempts.incrementAndGet() == 1) {
                int pid = queryInt(connection, "select pg_backend_pid()");
                terminate(pid);
            }
            return queryInt(connection, "select 42");
        }, QueryOptions.defaults().withRetries(2));

        assertThat(result).isEqualTo(42);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void serializationFailureRerunsTheWholeTransaction() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        try (Connection other = Postgres.direct(dataSource)) {
            optimizer.executeInTransaction(connection -> {
                int seen = queryInt(connection, "select n from counter where id = 1");
                if (attempts.incrementAndGet() == 1) {
                    // A second SERIALIZABLE transaction commits a change to the row this one has read.
                    other.setAutoCommit(false);
                    other.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                    try (Statement statement = other.createStatement()) {
                        statement.executeUpdate("update counter set n = n + 100 where id = 1");
                    }
                    other.commit();
                }
                try (PreparedStatement update = connection.prepareStatement("update counter set n = ? where id = 1")) {
                    update.setInt(1, seen + 1);
                    update.executeUpdate();
                }
                return null;
            }, TxOptions.defaults().withIsolation(Isolation.SERIALIZABLE).withRetries(3));
        }

        assertThat(attempts).hasValue(2);
        assertThat(Postgres.count(dataSource, "select n from counter where id = 1")).isEqualTo(101);
    }

    @Test
    void uniqueViolationIsNotRetried() {
        Postgres.execute(dataSource, "insert into items values (7, 'first')");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> optimizer.executeQuery(connection -> {
            attempts.incrementAndGet();
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("insert into items values (7, 'again')");
            }
        }, QueryOptions.defaults().withRetries(3))).isInstanceOf(DuplicateKeyException.class);

        assertThat(attempts).hasValue(1);
    }

    @Test
    void sleepPastTheTimeoutIsCancelledOnTheServer() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> optimizer.executeQuery(
                connection -> queryInt(connection, "select 1 from pg_sleep(5) /* query-timeout-probe */"),
                QueryOptions.defaults().withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(QueryTimeoutException.class);

        assertCancelledWithin(started, "query-timeout-probe");
    }

    @Test
    void transactionPastItsTimeoutIsAbortedOnTheServer() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into items values (500, 'written before the sleep')");
            }
            return queryInt(connection, "select 1 from pg_sleep(5) /* tx-timeout-probe */");
        }, TxOptions.defaults().withTimeout(Duration.ofSeconds(1)))).isInstanceOf(QueryTimeoutException.class);

        assertCancelledWithin(started, "tx-timeout-probe");
        assertThat(Postgres.count(dataSource, "select count(*) from items where id = 500")).isZero();
    }

    @Test
    void transactionRollsBackOnAnyException() {
        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("insert into items values (600, 'never committed')");
            }
            throw new IllegalStateException("business rule broken");
        })).isInstanceOf(IllegalStateException.class).hasMessage("business rule broken");

        assertThat(Postgres.count(dataSource, "select count(*) from items where id = 600")).isZero();
    }

    @Test
    void jdbcTemplateInsideTheCallbackJoinsTheTransaction() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            jdbc.update("insert into items values (700, 'via template')");
            throw new IllegalStateException("roll it back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(Postgres.count(dataSource, "select count(*) from items where id = 700")).isZero();
    }

    @Test
    void queryInsideATransactionRunsOnItsConnectionAndRollsBackWithIt() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            jdbc.update("insert into items values (800, 'inner')");
            long seen = optimizer.executeQuery(
                    c -> jdbc.queryForObject("select count(*) from items where id = 800", Long.class),
                    QueryOptions.defaults().withTimeout(Duration.ofSeconds(2)));
            assertThat(seen).isEqualTo(1);
            throw new IllegalStateException("undo");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(Postgres.count(dataSource, "select count(*) from items where id = 800")).isZero();
    }

    @Test
    void cachedQueryRunsOnce() {
        AtomicInteger runs = new AtomicInteger();
        QueryOptions cached = QueryOptions.defaults().cached("items:count", Duration.ofMinutes(1));

        for (int i = 0; i < 3; i++) {
            optimizer.executeQuery(connection -> {
                runs.incrementAndGet();
                return queryInt(connection, "select count(*) from items");
            }, cached);
        }

        assertThat(runs).hasValue(1);
    }

    @Test
    void timeoutSettingDoesNotLeakIntoThePool() throws SQLException {
        optimizer.executeQuery(connection -> queryInt(connection, "select 1"),
                QueryOptions.defaults().withTimeout(Duration.ofMillis(1234)));

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }

    @Test
    void aBulkInsertIsBoundedByTheTransactionTimeoutNotTheSessionsStatementTimeout() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dataSource.getJdbcUrl());
        config.setUsername(dataSource.getUsername());
        config.setMaximumPoolSize(2);
        // As the service's sessions are set up: every statement is bounded server-side.
        config.setConnectionInitSql("set statement_timeout = 300");
        try (HikariDataSource bounded = new HikariDataSource(config)) {
            Postgres.execute(bounded, "create table slow_items (id int primary key, name text not null)",
                    "create function slow_items_sleep() returns trigger language plpgsql as "
                            + "$$ begin perform pg_sleep(0.6); return null; end $$",
                    "create trigger slow_items_sleep before insert on slow_items "
                            + "for each statement execute function slow_items_sleep()");
            DatabaseOptimizer bulk = DatabaseOptimizer.builder(bounded).build();
            List<Map<String, Object>> rows = java.util.stream.IntStream.range(0, 1_000)
                    .mapToObj(i -> Map.<String, Object>of("id", i, "name", "item " + i)).toList();

            BulkResult result = bulk.bulkInsert("slow_items", rows, BulkOptions.defaults());

            assertThat(result.inserted()).isEqualTo(1_000);
            assertThat(Postgres.count(bounded, "select count(*) from slow_items")).isEqualTo(1_000);
            assertThat(Postgres.count(bounded, "select count(*) from pg_settings where name = 'statement_timeout' "
                    + "and setting = '300'")).as("the session's own timeout is back").isEqualTo(1);
        }
    }

    private static void assertCancelledWithin(long startedNanos, String probe) {
        Duration budget = Duration.ofMillis(1500).minusNanos(System.nanoTime() - startedNanos);
        assertThat(budget).isPositive();
        await().atMost(budget).pollInterval(Duration.ofMillis(20)).until(() -> Postgres.count(Postgres.server().postgresDatabase(),
                "select count(*) from pg_stat_activity where state = 'active' and query like '%" + probe
                        + "%' and query not like '%pg_stat_activity%'") == 0);
    }

    private static void terminate(int pid) throws SQLException {
        try (Connection admin = Postgres.server().postgresDatabase().getConnection();
                PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.execute();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Postgres.count(Postgres.server().postgresDatabase(),
                "select count(*) from pg_stat_activity where pid = " + pid) == 0);
    }

    static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
