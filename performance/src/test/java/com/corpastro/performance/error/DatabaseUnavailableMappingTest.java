package com.corpastro.performance.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which failures the problem handler answers with 503 {@code database_unavailable} instead of 500. */
class DatabaseUnavailableMappingTest {

    @Test
    void noConnectionFromThePoolMeansTheDatabaseIsUnavailable() {
        SQLTransientConnectionException hikari = new SQLTransientConnectionException("pool - Connection is not available");
        CannotGetJdbcConnectionException spring = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                hikari);

        assertThat(ProblemDetailsHandler.databaseUnavailable(spring)).isSameAs(spring);
        assertThat(ProblemDetailsHandler.databaseUnavailable(new IllegalStateException("wrapped", hikari)))
                .isSameAs(hikari);
        assertThat(ProblemDetailsHandler.databaseUnavailable(new TransientDataAccessResourceException("lost")))
                .isNotNull();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(ProblemDetailsHandler.databaseUnavailable(new DataIntegrityViolationException("duplicate"))).isNull();
        assertThat(ProblemDetailsHandler.databaseUnavailable(new IllegalStateException("bug"))).isNull();
    }
}
