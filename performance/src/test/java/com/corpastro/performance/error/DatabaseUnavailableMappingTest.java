package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures the problem handler answers with 503 {@code database_unavailable} instead of 500. */
class DatabaseUnavailableMappingTest {

    @Test
    void noConnectionFromThePoolMeansTheDatabaseIsUnavailable() {
        SQLTransientConnectionException hikari = new SQLTransientConnectionException("pool - Connection is not available");
        CannotGetJdbcConnectionException spring = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                hikari);

        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(spring)).isTrue();
        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(new IllegalStateException("wrapped", hikari))).isTrue();
        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(new TransientDataAccessResourceException("lost")))
                .isTrue();
        AppError problem = ProblemDetailsHandler.databaseUnavailable(spring);
        assertThat(problem.status().value()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo("database_unavailable");
    }

    @Test
    void aCommitOverriddenByAFailedRollbackMeansTheDatabaseIsUnavailable() {
        // What Spring throws when the server ends the session during a commit: the rollback on the
        // dead connection fails too and replaces the commit's exception.
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));

        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(rollback)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(new DataIntegrityViolationException("duplicate")))
                .isFalse();
        assertThat(ProblemDetailsHandler.isDatabaseUnavailable(new IllegalStateException("bug"))).isFalse();
    }
}
