package com.corpastro.performance.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on a database connection by {@link DatabaseOptimizer}. The connection is also bound
 * to the thread for the duration of the call, so a {@code JdbcTemplate} or {@code JdbcClient} on
 * the same {@code DataSource} used inside the callback runs on it, under the same timeout:
 *
 * <pre>{@code
 * optimizer.executeQuery(connection -> jdbc.queryForObject("select count(*) from businesses", Long.class),
 *         QueryOptions.defaults());
 * }</pre>
 *
 * <p>Do not close the connection: the optimizer releases it.
 *
 * @param <T> what the work returns
 */
@FunctionalInterface
public interface DbCallback<T> {

    /** Does the work; an {@link SQLException} is translated into Spring's {@code DataAccessException}. */
    T doInConnection(Connection connection) throws SQLException;
}
