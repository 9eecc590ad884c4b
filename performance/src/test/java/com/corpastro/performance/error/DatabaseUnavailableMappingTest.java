package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import com.corpastro.performance.db.DatabaseCallRefusedException;

/** Which failures the problem handler answers with 503 {@code database_unavailable} instead of 500. */
class DatabaseUnavailableMappingTest {

    @Test
    void noConnectionFromThePoolMeansTheDatabaseIsUnavailable() {
        SQLTransientConnectionException hikari = new SQLTransientConnectionException("pool - Connection is not available");
        CannotGetJdbcConnectionException spring = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                hikari);

        assertThat(Failures.isDatabaseUnavailable(spring)).isTrue();
        assertThat(Failures.isDatabaseUnavailable(new IllegalStateException("wrapped", hikari))).isTrue();
        assertThat(Failures.isDatabaseUnavailable(new TransientDataAccessResourceException("lost")))
                .isTrue();
        AppError problem = Failures.databaseUnavailable(spring);
        assertThat(problem.status().value()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo("database_unavailable");
    }

    @Test
    void aCommitOverriddenByAFailedRollbackMeansTheDatabaseIsUnavailable() {
        // What Spring throws when the server ends the session during a commit: the rollback on the
        // dead connection fails too and replaces the commit's exception.
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));

        assertThat(Failures.isDatabaseUnavailable(rollback)).isTrue();
    }

    @Test
    void aRefusalByTheCircuitBreakerOrBulkheadMeansTheDatabaseIsUnavailable() {
        CannotGetJdbcConnectionException refused = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new DatabaseCallRefusedException("the database circuit breaker is OPEN"));

        assertThat(Failures.isDatabaseUnavailable(refused)).isTrue();
    }

    @Test
    void noAnswerInTimeMeansTheDatabaseIsUnavailable() {
        // A statement the database cancelled after its timeout, and a read from a server that hangs.
        assertThat(Failures.isDatabaseUnavailable(new QueryTimeoutException("cancelled",
                new SQLException("canceling statement due to statement timeout", "57014")))).isTrue();
        assertThat(Failures.isDatabaseUnavailable(new SQLTimeoutException("query timed out"))).isTrue();
        assertThat(Failures.isDatabaseUnavailable(new UncategorizedSQLException("select", "select 1",
                new SQLException("An I/O error occurred", null, new SocketTimeoutException("Read timed out"))))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(Failures.isDatabaseUnavailable(new DataIntegrityViolationException("duplicate")))
                .isFalse();
        assertThat(Failures.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
        // A read timeout of some HTTP call is no database failure.
        assertThat(Failures.isDatabaseUnavailable(new IllegalStateException("generator",
                new SocketTimeoutException("Read timed out")))).isFalse();
    }
}
