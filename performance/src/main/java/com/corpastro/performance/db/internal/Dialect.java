package com.corpastro.performance.db.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What differs between the databases the optimizer runs on: how a statement timeout is set on the
 * server, and whether COPY and EXPLAIN are there.
 */
public enum Dialect {

    POSTGRESQL {
        @Override
        public String applyTimeout(Connection connection, long millis, boolean local) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(INTERNAL
                    + "select current_setting('statement_timeout'), set_config('statement_timeout', ?, ?)")) {
                statement.setString(1, Long.toString(Math.max(1, millis)));
                statement.setBoolean(2, local);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        }

        @Override
        public void restoreTimeout(Connection connection, String previous, boolean local) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement(INTERNAL
                    + "select set_config('statement_timeout', ?, ?)")) {
                statement.setString(1, previous == null ? "0" : previous);
                statement.setBoolean(2, local);
                statement.execute();
            }
        }
    },

    H2 {
        @Override
        public String applyTimeout(Connection connection, long millis, boolean local) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET QUERY_TIMEOUT " + Math.max(1, millis));
            }
            return "0";
        }

        @Override
        public void restoreTimeout(Connection connection, String previous, boolean local) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET QUERY_TIMEOUT " + Long.parseLong(previous));
            }
        }
    },

    /** Any other database: no server-side timeout beyond what the caller's statements set. */
    OTHER {
        @Override
        public String applyTimeout(Connection connection, long millis, boolean local) {
            return null;
        }

        @Override
        public void restoreTimeout(Connection connection, String previous, boolean local) {
        }
    };

    /** Statements the optimizer runs for itself start with this; the analyzer leaves them out. */
    public static final String INTERNAL = "/* corp-astro:internal */ ";

    /**
     * A one-trip statement starts with this, then the timeout in seconds and {@code s'; }, then the
     * statement: PostgreSQL runs both in one implicit transaction, so the {@code SET LOCAL} ends with it.
     */
    public static final String ONE_TRIP = "/* corp-astro:one-trip */ SET LOCAL statement_timeout = '";

    /**
     * {@code sql} preceded by a {@code SET LOCAL statement_timeout} of {@code millis} rounded up to whole
     * seconds (so the text, and the driver's prepared statement, stay the same from call to call).
     */
    public static String oneTrip(String sql, long millis) {
        return ONE_TRIP + Math.max(1, (millis + 999) / 1000) + "s'; " + sql;
    }

    /** The statement of a {@link #oneTrip} text, without its timeout; any other text as it is. */
    public static String withoutOneTrip(String sql) {
        if (!sql.startsWith(ONE_TRIP)) {
            return sql;
        }
        int end = sql.indexOf("; ", ONE_TRIP.length());
        return end < 0 ? sql : sql.substring(end + 2);
    }

    /**
     * Makes the server cancel any statement on {@code connection} that runs longer than
     * {@code millis}; {@code local} limits the setting to the current transaction. Returns what
     * {@link #restoreTimeout} needs to put the previous setting back.
     */
    public abstract String applyTimeout(Connection connection, long millis, boolean local) throws SQLException;

    /** Puts back the setting {@link #applyTimeout} replaced. */
    public abstract void restoreTimeout(Connection connection, String previous, boolean local) throws SQLException;

    /** The dialect of the database behind {@code connection}. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (product.equals("h2")) {
            return H2;
        }
        return OTHER;
    }
}
