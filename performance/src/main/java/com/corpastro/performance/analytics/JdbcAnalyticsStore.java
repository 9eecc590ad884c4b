package com.corpastro.performance.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.MetricType;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.internal.TagCodec;

/**
 * Alerts, daily reports and hourly rollups in three tables of the application's database, shared
 * by every node. Like the monitor's rollup table, the tables are created on first use with
 * {@code CREATE TABLE IF NOT EXISTS} in SQL that PostgreSQL and H2 both accept (times as
 * {@code BIGINT} epoch milliseconds, the report as text, sketches as {@code BYTEA}); applications
 * that manage their schema themselves can run {@link #ddl(String, String, String)} and turn creation off.
 *
 * <p>The hourly table's primary key is (metric type, hour, series), and each stored hour has one
 * marker row (series {@code ''}, no requests), written first in the hour's transaction: a second
 * node storing the same hour fails on the marker's key and rolls back, so an hour is stored once
 * and whole, and an hour without requests is told apart from one not compacted yet.
 *
 * <pre>{@code
 * AnalyticsStore store = new JdbcAnalyticsStore(dataSource, "corp_astro_alert", "corp_astro_daily_report",
 *         "corp_astro_metric_hour", true);
 * }</pre>
 */
public final class JdbcAnalyticsStore implements AnalyticsStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcAnalyticsStore.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** SQLSTATE of a unique key violation, in PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "id, alert_key, kind, severity, subject, message, alert_value, threshold,"
            + " status, fired_at, last_seen_at, resolved_at, node_id";

    private final DataSource dataSource;
    private final String alertTable;
    private final String reportTable;
    private final String hourTable;
    private final boolean createTables;
    private volatile boolean ready;

    /**
     * Alerts and daily reports in these tables, hourly rollups in {@code corp_astro_metric_hour}.
     *
     * @param alertTable   the alerts' table name: letters, digits and underscores
     * @param reportTable  the daily reports' table name
     * @param createTables whether to create the tables on first use if they do not exist
     */
    public JdbcAnalyticsStore(DataSource dataSource, String alertTable, String reportTable, boolean createTables) {
        this(dataSource, alertTable, reportTable, "corp_astro_metric_hour", createTables);
    }

    /**
     * @param alertTable   the alerts' table name: letters, digits and underscores
     * @param reportTable  the daily reports' table name
     * @param hourTable    the hourly rollups' table name
     * @param createTables whether to create the tables on first use if they do not exist
     */
    public JdbcAnalyticsStore(DataSource dataSource, String alertTable, String reportTable, String hourTable,
            boolean createTables) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        for (String table : new String[] {alertTable, reportTable, hourTable}) {
            if (table == null || !IDENTIFIER.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a plain SQL identifier, was '" + table + "'");
            }
        }
        this.dataSource = dataSource;
        this.alertTable = alertTable;
        this.reportTable = reportTable;
        this.hourTable = hourTable;
        this.createTables = createTables;
    }

    /** The statements that create the alert and report tables and the alerts' index, for PostgreSQL and H2. */
    public static List<String> ddl(String alertTable, String reportTable) {
        return List.of("CREATE TABLE IF NOT EXISTS " + alertTable + " ("
                + "id VARCHAR(40) PRIMARY KEY, "
                + "alert_key VARCHAR(600) NOT NULL, "
                + "kind VARCHAR(40) NOT NULL, "
                + "severity VARCHAR(20) NOT NULL, "
                + "subject VARCHAR(500) NOT NULL, "
                + "message VARCHAR(2000) NOT NULL, "
                + "alert_value DOUBLE PRECISION NOT NULL, "
                + "threshold DOUBLE PRECISION NOT NULL, "
                + "status VARCHAR(20) NOT NULL, "
                + "fired_at BIGINT NOT NULL, "
                + "last_seen_at BIGINT NOT NULL, "
                + "resolved_at BIGINT, "
                + "node_id VARCHAR(200) NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + alertTable + "_fired ON " + alertTable + " (fired_at)",
                "CREATE INDEX IF NOT EXISTS " + alertTable + "_key ON " + alertTable + " (alert_key, status)",
                "CREATE TABLE IF NOT EXISTS " + reportTable + " ("
                + "report_date DATE PRIMARY KEY, "
                + "created_at BIGINT NOT NULL, "
                + "report TEXT NOT NULL)");
    }

    /** The statements that create the alert, report and hourly rollup tables, for PostgreSQL and H2. */
    public static List<String> ddl(String alertTable, String reportTable, String hourTable) {
        List<String> ddl = new ArrayList<>(ddl(alertTable, reportTable));
        ddl.add("CREATE TABLE IF NOT EXISTS " + hourTable + " ("
                + "metric_type VARCHAR(40) NOT NULL, "
                + "hour_start BIGINT NOT NULL, "
                + "series VARCHAR(2000) NOT NULL, "
                + "sample_count BIGINT NOT NULL, "
                + "value_sum DOUBLE PRECISION NOT NULL, "
                + "value_min DOUBLE PRECISION NOT NULL, "
                + "value_max DOUBLE PRECISION NOT NULL, "
                + "sketch BYTEA NOT NULL, "
                + "PRIMARY KEY (metric_type, hour_start, series))");
        return List.copyOf(ddl);
    }

    private void createTablesIfNeeded() {
        if (ready || !createTables) {
            return;
        }
        synchronized (this) {
            SQLException last = null;
            for (int attempt = 0; attempt < 3 && !ready; attempt++) {
                try (Connection connection = dataSource.getConnection();
                        Statement statement = connection.createStatement()) {
                    for (String sql : ddl(alertTable, reportTable, hourTable)) {
                        statement.execute(sql);
                    }
                    if (!connection.getAutoCommit()) {
                        connection.commit();
                    }
                    ready = true;
                    log.info("event=analytics_tables_ready alerts={} reports={} hours={}", alertTable, reportTable,
                            hourTable);
                } catch (SQLException e) {
                    // Two nodes creating the tables at once can collide in PostgreSQL's catalog; retry.
                    last = e;
                }
            }
            if (!ready) {
                throw new IllegalStateException("could not create tables " + alertTable + ", " + reportTable + ", "
                        + hourTable, last);
            }
        }
    }

    @Override
    public Optional<Alert> firing(String key) {
        List<Alert> found = select("SELECT " + COLUMNS + " FROM " + alertTable
                + " WHERE alert_key = ? AND status = ? ORDER BY fired_at DESC", 1, key, Alert.FIRING);
        return found.stream().findFirst();
    }

    @Override
    public void insert(Alert alert) {
        update("INSERT INTO " + alertTable + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                alert.id(), alert.key(), alert.kind(), alert.severity(), clip(alert.subject(), 500),
                clip(alert.message(), 2000), alert.value(), alert.threshold(), alert.status(),
                alert.firedAt().toEpochMilli(), alert.lastSeenAt().toEpochMilli(),
                alert.resolvedAt() == null ? null : alert.resolvedAt().toEpochMilli(), alert.nodeId());
    }

    @Override
    public void seen(String id, Instant at) {
        update("UPDATE " + alertTable + " SET last_seen_at = ? WHERE id = ?", at.toEpochMilli(), id);
    }

    @Override
    public void resolve(String id, Instant at) {
        update("UPDATE " + alertTable + " SET status = ?, resolved_at = ? WHERE id = ? AND status = ?", Alert.RESOLVED,
                at.toEpochMilli(), id, Alert.FIRING);
    }

    @Override
    public List<Alert> alerts(int limit) {
        return select("SELECT " + COLUMNS + " FROM " + alertTable + " ORDER BY fired_at DESC", limit);
    }

    @Override
    public boolean saveDailyReport(LocalDate date, String json) {
        if (dailyReport(date).isPresent()) {
            return false;
        }
        try {
            update("INSERT INTO " + reportTable + " (report_date, created_at, report) VALUES (?, ?, ?)",
                    java.sql.Date.valueOf(date), System.currentTimeMillis(), json);
            return true;
        } catch (IllegalStateException e) {
            // Another node wrote the same day between the look and the insert: its report stands.
            if (dailyReport(date).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<String> dailyReport(LocalDate date) {
        createTablesIfNeeded();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT report FROM " + reportTable + " WHERE report_date = ?")) {
            select.setDate(1, java.sql.Date.valueOf(date));
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the daily report of " + date + " from " + reportTable, e);
        }
    }

    @Override
    public Map<Long, List<Rollup>> hourlyRollups(MetricType type, long fromHour, long toHour) {
        createTablesIfNeeded();
        Map<Long, List<Rollup>> hours = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT hour_start, series, sample_count,"
                        + " value_sum, value_min, value_max, sketch FROM " + hourTable
                        + " WHERE metric_type = ? AND hour_start >= ? AND hour_start < ?")) {
            select.setString(1, type.name());
            select.setLong(2, fromHour);
            select.setLong(3, toHour);
            select.setFetchSize(5_000);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long hour = rows.getLong(1);
                    List<Rollup> rollups = hours.computeIfAbsent(hour, h -> new ArrayList<>());
                    String series = rows.getString(2);
                    if (!series.isEmpty()) {
                        rollups.add(new Rollup(HourlyRollups.ALL_NODES, type, TagCodec.decode(series), hour,
                                rows.getLong(3), rows.getDouble(4), rows.getDouble(5), rows.getDouble(6),
                                rows.getBytes(7)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read hourly rollups of " + type + " from " + hourTable, e);
        }
        return hours;
    }

    @Override
    public boolean saveHour(MetricType type, long hourStart, List<Rollup> rollups) {
        createTablesIfNeeded();
        String sql = "INSERT INTO " + hourTable + " (metric_type, hour_start, series, sample_count, value_sum,"
                + " value_min, value_max, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                // The marker first: a node storing the same hour stops here, before any row.
                bindHourRow(insert, type, hourStart, "", 0, 0, 0, 0, new byte[0]);
                insert.executeUpdate();
                for (Rollup rollup : rollups) {
                    bindHourRow(insert, type, hourStart, TagCodec.encode(rollup.tags()), rollup.count(),
                            rollup.sum(), rollup.min(), rollup.max(), rollup.sketch());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not save the hour " + Instant.ofEpochMilli(hourStart) + " of "
                    + type + " to " + hourTable + ": " + e.getMessage(), e);
        }
    }

    private static void bindHourRow(PreparedStatement insert, MetricType type, long hourStart, String series,
            long count, double sum, double min, double max, byte[] sketch) throws SQLException {
        insert.setString(1, type.name());
        insert.setLong(2, hourStart);
        insert.setString(3, series);
        insert.setLong(4, count);
        insert.setDouble(5, sum);
        insert.setDouble(6, min);
        insert.setDouble(7, max);
        insert.setBytes(8, sketch);
    }

    @Override
    public int deleteHoursBefore(long hourStart) {
        createTablesIfNeeded();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + hourTable + " WHERE hour_start < ?")) {
            delete.setLong(1, hourStart);
            int deleted = delete.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete old hourly rollups from " + hourTable, e);
        }
    }

    private List<Alert> select(String sql, int limit, Object... parameters) {
        createTablesIfNeeded();
        List<Alert> alerts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setMaxRows(limit);
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next() && alerts.size() < limit) {
                    long resolved = rows.getLong(12);
                    boolean unresolved = rows.wasNull();
                    alerts.add(new Alert(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getDouble(7), rows.getDouble(8),
                            rows.getString(9), Instant.ofEpochMilli(rows.getLong(10)),
                            Instant.ofEpochMilli(rows.getLong(11)), unresolved ? null : Instant.ofEpochMilli(resolved),
                            rows.getString(13)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read alerts from " + alertTable, e);
        }
        return alerts;
    }

    private void update(String sql, Object... parameters) {
        createTablesIfNeeded();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == null) {
                    statement.setNull(i + 1, java.sql.Types.BIGINT);
                } else {
                    statement.setObject(i + 1, parameters[i]);
                }
            }
            statement.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to " + alertTable + "/" + reportTable + ": "
                    + e.getMessage(), e);
        }
    }

    private static String clip(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
