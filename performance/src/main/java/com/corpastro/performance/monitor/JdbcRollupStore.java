package com.corpastro.performance.monitor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.monitor.internal.TagCodec;

/**
 * Rollups in a table of the application's database, shared by every node (each row carries its
 * node id), so aggregates over days survive restarts and combine nodes.
 *
 * <p>The store creates its table and index itself with {@code CREATE TABLE IF NOT EXISTS} /
 * {@code CREATE INDEX IF NOT EXISTS} in SQL that PostgreSQL and H2 both accept (times as
 * {@code BIGINT} epoch milliseconds, the sketch as {@code BYTEA}); it needs no migration tool.
 * Applications that manage their schema with Flyway or Liquibase can create the same table
 * themselves (see {@link #ddl(String)}) and turn creation off.
 *
 * <pre>{@code
 * RollupStore store = new JdbcRollupStore(dataSource, "corp_astro_metric_rollup", true);
 * }</pre>
 */
public final class JdbcRollupStore implements RollupStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcRollupStore.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final String table;
    private volatile boolean tableReady;
    private final boolean createTable;

    /**
     * @param table       the table name: letters, digits and underscores
     * @param createTable whether to create the table on first use if it does not exist
     */
    public JdbcRollupStore(DataSource dataSource, String table, boolean createTable) {
        if (dataSource == null) {
            throw new IllegalArgumentException("dataSource must not be null");
        }
        if (table == null || !IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("table must be a plain SQL identifier, was '" + table + "'");
        }
        this.dataSource = dataSource;
        this.table = table;
        this.createTable = createTable;
    }

    /** The statements that create the table and its index, for PostgreSQL and H2. */
    public static List<String> ddl(String table) {
        return List.of("CREATE TABLE IF NOT EXISTS " + table + " ("
                + "node_id VARCHAR(200) NOT NULL, "
                + "metric_type VARCHAR(40) NOT NULL, "
                + "series VARCHAR(2000) NOT NULL, "
                + "minute_start BIGINT NOT NULL, "
                + "sample_count BIGINT NOT NULL, "
                + "value_sum DOUBLE PRECISION NOT NULL, "
                + "value_min DOUBLE PRECISION NOT NULL, "
                + "value_max DOUBLE PRECISION NOT NULL, "
                + "sketch BYTEA NOT NULL)",
                "CREATE INDEX IF NOT EXISTS " + table + "_type_minute ON " + table + " (metric_type, minute_start)");
    }

    /** Creates the table and index if they do not exist yet. */
    public void createTableIfNeeded() {
        if (tableReady || !createTable) {
            return;
        }
        synchronized (this) {
            if (tableReady) {
                return;
            }
            SQLException last = null;
            for (int attempt = 0; attempt < 3 && !tableReady; attempt++) {
                try (Connection connection = dataSource.getConnection();
                        Statement statement = connection.createStatement()) {
                    for (String sql : ddl(table)) {
                        statement.execute(sql);
                    }
                    if (!connection.getAutoCommit()) {
                        connection.commit();
                    }
                    tableReady = true;
                } catch (SQLException e) {
                    // Two nodes creating the table at once can collide in PostgreSQL's catalog; retry.
                    last = e;
                }
            }
            if (!tableReady) {
                throw new IllegalStateException("could not create rollup table " + table, last);
            }
            log.info("event=rollup_table_ready table={}", table);
        }
    }

    @Override
    public void save(List<Rollup> rollups) {
        if (rollups.isEmpty()) {
            return;
        }
        createTableIfNeeded();
        String sql = "INSERT INTO " + table + " (node_id, metric_type, series, minute_start, sample_count, value_sum,"
                + " value_min, value_max, sketch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(sql)) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                for (Rollup rollup : rollups) {
                    insert.setString(1, rollup.nodeId());
                    insert.setString(2, rollup.type().name());
                    insert.setString(3, TagCodec.encode(rollup.tags()));
                    insert.setLong(4, rollup.minuteStart());
                    insert.setLong(5, rollup.count());
                    insert.setDouble(6, rollup.sum());
                    insert.setDouble(7, rollup.min());
                    insert.setDouble(8, rollup.max());
                    insert.setBytes(9, rollup.sketch());
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not save " + rollups.size() + " rollups to " + table, e);
        }
    }

    @Override
    public List<Rollup> load(MetricType type, long from, long to) {
        createTableIfNeeded();
        String sql = "SELECT node_id, series, minute_start, sample_count, value_sum, value_min, value_max, sketch FROM "
                + table + " WHERE metric_type = ? AND minute_start >= ? AND minute_start < ?";
        List<Rollup> rollups = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, type.name());
            select.setLong(2, from);
            select.setLong(3, to);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    rollups.add(new Rollup(rows.getString(1), type, TagCodec.decode(rows.getString(2)), rows.getLong(3),
                            rows.getLong(4), rows.getDouble(5), rows.getDouble(6), rows.getDouble(7),
                            rows.getBytes(8)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load rollups of " + type + " from " + table, e);
        }
        return rollups;
    }

    @Override
    public int deleteBefore(long minuteStart) {
        createTableIfNeeded();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE minute_start < ?")) {
            delete.setLong(1, minuteStart);
            int deleted = delete.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not delete old rollups from " + table, e);
        }
    }
}
