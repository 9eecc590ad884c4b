package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

import com.corpastro.performance.db.internal.Dialect;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@link DatabaseOptimizer#query} and {@link DatabaseOptimizer#update} with one-trip statements on PostgreSQL:
 * the statement timeout travels with the statement, is enforced by the server, and ends with it.
 */
class OneTripStatementsPostgresTest {

    private static HikariDataSource dataSource;
    private static DatabaseOptimizer optimizer;

    @BeforeAll
    static void startDatabase() {
        dataSource = Postgres.newDatabase();
        // One connection: every statement below meets the session a one-trip statement ran on.
        dataSource.setMaximumPoolSize(1);
        optimizer = DatabaseOptimizer.builder(dataSource).queryTimeout(Duration.ofSeconds(1)).maxRetries(0)
                .oneTripStatements(true).build();
        Postgres.execute(dataSource, "create table notes (id int primary key, body text not null)");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Test
    void aStatementRunsWithItsTimeoutInOneTripAndLeavesTheSessionsSettingAsItWas() throws SQLException {
        String before = sessionTimeout();

        int inserted = optimizer.update("insert into notes (id, body) values (?, ?) on conflict do nothing", 1, "one");
        List<String> timeoutInside = optimizer.query("select current_setting('statement_timeout') from notes where id = ?",
                (rs, row) -> rs.getString(1), 1);

        assertThat(inserted).isEqualTo(1);
        assertThat(timeoutInside).containsExactly("1s");
        assertThat(before).isNotEqualTo("1s");
        assertThat(sessionTimeout()).as("SET LOCAL ends with the statement's implicit transaction").isEqualTo(before);
    }

    /** The statement timeout of the pool's one connection, asked outside the optimizer. */
    private static String sessionTimeout() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("show statement_timeout")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theServerCancelsAStatementPastItsTimeout() {
        assertThatThrownBy(() -> optimizer.query("select pg_sleep(?)", (rs, row) -> 1, 3.0))
                .isInstanceOf(QueryTimeoutException.class);
    }

    @Test
    void theAnalyzerSeesTheStatementNotItsTimeout() {
        String sql = Dialect.oneTrip("select 1", 29_001);

        assertThat(sql).startsWith(Dialect.ONE_TRIP).contains("'30s'; select 1");
        assertThat(Dialect.withoutOneTrip(sql)).isEqualTo("select 1");
        assertThat(Dialect.withoutOneTrip("select 2")).isEqualTo("select 2");
    }
}
