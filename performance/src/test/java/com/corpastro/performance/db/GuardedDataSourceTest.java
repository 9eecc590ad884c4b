package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

class GuardedDataSourceTest {

    /** An H2 database that can be taken "down": connections are then refused as by a stopped server. */
    static final class Switchable extends DelegatingDataSource {

        final AtomicInteger connectionsAsked = new AtomicInteger();
        volatile boolean down;

        Switchable(String name) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            setTargetDataSource(h2);
        }

        @Override
        public Connection getConnection() throws SQLException {
            connectionsAsked.incrementAndGet();
            if (down) {
                throw new SQLNonTransientConnectionException("Connection refused", "08001");
            }
            return super.getConnection();
        }
    }

    private static CircuitBreaker breaker(int window) {
        return CircuitBreaker.of("database", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window).minimumNumberOfCalls(window).failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(10)).permittedNumberOfCallsInHalfOpenState(2).build());
    }

    @Test
    void anOpenCircuitRefusesConnectionsWithoutAskingTheDatabase() {
        Switchable database = new Switchable("open-circuit");
        CircuitBreaker breaker = breaker(4);
        GuardedDataSource guarded = GuardedDataSource.builder(database).circuitBreaker(breaker).build();
        database.down = true;
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLNonTransientConnectionException.class);
        }
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        int asked = database.connectionsAsked.get();

        assertThatThrownBy(guarded::getConnection).isInstanceOf(DatabaseCallRefusedException.class)
                .hasMessageContaining("OPEN");
        assertThat(database.connectionsAsked.get()).as("the database was not asked").isEqualTo(asked);
        assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
    }

    @Test
    void trialCallsCloseTheCircuitOnceTheDatabaseAnswersAgain() throws SQLException {
        Switchable database = new Switchable("half-open");
        CircuitBreaker breaker = breaker(2);
        GuardedDataSource guarded = GuardedDataSource.builder(database).circuitBreaker(breaker).build();
        database.down = true;
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLException.class);
        }
        database.down = false;
        breaker.transitionToHalfOpenState();
        for (int i = 0; i < 2; i++) {
            try (Connection connection = guarded.getConnection()) {
                assertThat(new JdbcTemplate(new SingleConnection(connection)).queryForObject("select 1", Integer.class))
                        .isEqualTo(1);
            }
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void anAnswerThatIsAnErrorDoesNotCountAgainstTheDatabase() throws SQLException {
        CircuitBreaker breaker = breaker(2);
        GuardedDataSource guarded = GuardedDataSource.builder(new Switchable("bad-sql")).circuitBreaker(breaker).build();
        for (int i = 0; i < 4; i++) {
            try (Connection connection = guarded.getConnection(); Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute("select * from no_such_table"))
                        .isInstanceOf(SQLException.class);
            }
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
    }

    @Test
    void everyStatementWithoutATimeoutGetsTheDefaultOneAndItsTimeoutCountsAsAFailure() throws SQLException {
        CircuitBreaker breaker = breaker(1);
        GuardedDataSource guarded = GuardedDataSource.builder(new Switchable("statement-timeout"))
                .circuitBreaker(breaker).statementTimeout(Duration.ofMillis(400)).build();
        try (Connection connection = guarded.getConnection(); Statement statement = connection.createStatement()) {
            // Runs far longer than a second unless H2 cancels it.
            assertThatThrownBy(() -> statement.executeQuery(
                    "SELECT count(*) FROM system_range(1, 100000) a, system_range(1, 100000) b"))
                    .isInstanceOf(SQLTimeoutException.class);
            assertThat(statement.getQueryTimeout()).as("rounded up to whole seconds").isEqualTo(1);
        }

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aStatementsOwnTimeoutIsKept() throws SQLException {
        GuardedDataSource guarded = GuardedDataSource.builder(new Switchable("own-timeout"))
                .statementTimeout(Duration.ofSeconds(5)).build();
        try (Connection connection = guarded.getConnection();
                Statement statement = connection.prepareStatement("select 1")) {
            statement.setQueryTimeout(7);
            ((java.sql.PreparedStatement) statement).executeQuery().close();
            assertThat(statement.getQueryTimeout()).isEqualTo(7);
            assertThat(statement.getConnection()).isSameAs(connection);
        }
    }

    @Test
    void aFullBulkheadRefusesAtOnceAndAClosedConnectionFreesItsPlace() throws SQLException {
        Bulkhead bulkhead = Bulkhead.of("database", BulkheadConfig.custom().maxConcurrentCalls(2)
                .maxWaitDuration(Duration.ZERO).build());
        CircuitBreaker breaker = breaker(10);
        GuardedDataSource guarded = GuardedDataSource.builder(new Switchable("bulkhead")).bulkhead(bulkhead)
                .circuitBreaker(breaker).build();
        Connection first = guarded.getConnection();
        Connection second = guarded.getConnection();

        assertThatThrownBy(guarded::getConnection).isInstanceOf(DatabaseCallRefusedException.class)
                .hasMessageContaining("bulkhead is full: 2 calls");
        first.close();
        first.close();
        try (Connection third = guarded.getConnection()) {
            assertThat(third.isValid(1)).isTrue();
        }
        second.close();

        assertThat(bulkhead.getMetrics().getAvailableConcurrentCalls()).isEqualTo(2);
        assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).as("a refusal is no call, a double close one")
                .isEqualTo(3);
    }

    @Test
    void unwrapsToTheConnectionBehind() throws SQLException {
        GuardedDataSource guarded = GuardedDataSource.builder(new Switchable("unwrap")).build();
        try (Connection connection = guarded.getConnection()) {
            assertThat(connection.isWrapperFor(org.h2.jdbc.JdbcConnection.class)).isTrue();
            assertThat(connection.unwrap(org.h2.jdbc.JdbcConnection.class)).isInstanceOf(org.h2.jdbc.JdbcConnection.class);
        }
        assertThat(guarded.unwrap(GuardedDataSource.class)).isSameAs(guarded);
    }

    /** One connection as a data source, so JdbcTemplate runs on the guarded connection under test. */
    private static final class SingleConnection extends org.springframework.jdbc.datasource.SingleConnectionDataSource {
        SingleConnection(Connection connection) {
            super(connection, true);
        }
    }
}
