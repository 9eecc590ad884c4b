package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.corpastro.testing.EmbeddedPostgresServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Pools and plain JDBC over fresh databases of the shared embedded PostgreSQL, for this package's tests. */
final class Postgres {

    private Postgres() {
    }

    /** The test JVM's one embedded PostgreSQL. */
    static EmbeddedPostgresServer server() {
        return EmbeddedPostgresServer.shared();
    }

    /** A small Hikari pool over a new, empty database. */
    static HikariDataSource newDatabase() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server().createDatabase());
        config.setUsername(server().username());
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        return new HikariDataSource(config);
    }

    /** A plain connection to the same database, outside the pool. */
    static Connection direct(HikariDataSource dataSource) throws SQLException {
        return DriverManager.getConnection(dataSource.getJdbcUrl(), server().username(), "");
    }

    static void execute(javax.sql.DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(javax.sql.DataSource dataSource, String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
