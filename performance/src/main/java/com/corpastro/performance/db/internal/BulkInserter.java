package com.corpastro.performance.db.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.corpastro.performance.db.BulkOptions;
import com.corpastro.performance.db.BulkResult;

/**
 * The bulk insert behind {@code DatabaseOptimizer.bulkInsert}: COPY on PostgreSQL (through a
 * temporary table and {@code INSERT ... ON CONFLICT DO NOTHING} when duplicates are skipped),
 * multi-row INSERTs elsewhere. Runs on a connection inside the caller's transaction.
 */
public final class BulkInserter {

    /** Most bind parameters in one statement (PostgreSQL's limit, kept everywhere). */
    private static final int MAX_PARAMETERS = 32_767;

    private final AtomicLong temporaryTables = new AtomicLong();

    public BulkResult insert(Connection connection, Dialect dialect, String table, Collection<?> rows,
            BulkOptions options) throws SQLException {
        RowShape shape = RowShape.of(rows.iterator().next());
        TableMetadata metadata = TableMetadata.lookUp(connection, table);
        List<String> columns = shape.fields().stream().map(metadata::column).toList();
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new IllegalArgumentException("rows name the same column twice: " + shape.fields() + " -> " + columns);
        }
        List<String> conflictColumns = options.conflictColumns().stream().map(metadata::column).toList();
        String columnList = columns.stream().map(metadata::quote).collect(Collectors.joining(", "));
        if (dialect == Dialect.POSTGRESQL) {
            return copy(connection, metadata, columnList, conflictColumns, rows, shape, options);
        }
        return insertInBatches(connection, metadata, columns, columnList, conflictColumns, rows, shape, options);
    }

    private BulkResult copy(Connection connection, TableMetadata metadata, String columnList,
            List<String> conflictColumns, Collection<?> rows, RowShape shape, BulkOptions options) throws SQLException {
        if (!options.ignoreDuplicates()) {
            long copied = PgCopy.copy(connection, metadata.qualifiedName(), columnList, rows, shape);
            return new BulkResult(copied, 0);
        }
        String staging = metadata.quote("corp_astro_bulk_" + temporaryTables.incrementAndGet());
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + staging + " ON COMMIT DROP AS SELECT " + columnList
                    + " FROM " + metadata.qualifiedName() + " WITH NO DATA");
            long copied = PgCopy.copy(connection, staging, columnList, rows, shape);
            String target = conflictColumns.isEmpty() ? ""
                    : "(" + conflictColumns.stream().map(metadata::quote).collect(Collectors.joining(", ")) + ") ";
            long inserted = statement.executeLargeUpdate("INSERT INTO " + metadata.qualifiedName() + " (" + columnList
                    + ") SELECT " + columnList + " FROM " + staging + " ON CONFLICT " + target + "DO NOTHING");
            statement.execute("DROP TABLE " + staging);
            return new BulkResult(inserted, copied - inserted);
        }
    }

    private BulkResult insertInBatches(Connection connection, TableMetadata metadata, List<String> columns,
            String columnList, List<String> conflictColumns, Collection<?> rows, RowShape shape, BulkOptions options)
            throws SQLException {
        List<Object[]> values = new ArrayList<>(rows.size());
        long index = 0;
        for (Object row : rows) {
            values.add(shape.values(row, index++));
        }
        long skipped = 0;
        if (options.ignoreDuplicates()) {
            List<String> key = conflictColumns.isEmpty() ? metadata.primaryKey() : conflictColumns;
            if (key.isEmpty()) {
                throw new IllegalArgumentException("ignoreDuplicates on " + metadata.name()
                        + " needs conflictColumns: the table has no primary key");
            }
            int[] keyIndexes = key.stream().mapToInt(column -> {
                int i = columns.indexOf(column);
                if (i < 0) {
                    throw new IllegalArgumentException("conflict column " + column + " is not among the inserted columns " + columns);
                }
                return i;
            }).toArray();
            List<Object[]> fresh = withoutDuplicates(connection, metadata, key, keyIndexes, values, options.batchSize());
            skipped = values.size() - fresh.size();
            values = fresh;
        }
        int perStatement = Math.max(1, Math.min(options.batchSize(), MAX_PARAMETERS / columns.size()));
        String placeholders = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        String insert = "INSERT INTO " + metadata.qualifiedName() + " (" + columnList + ") VALUES ";
        long inserted = 0;
        PreparedStatement full = null;
        try {
            for (int from = 0; from < values.size(); from += perStatement) {
                List<Object[]> chunk = values.subList(from, Math.min(values.size(), from + perStatement));
                PreparedStatement statement;
                if (chunk.size() == perStatement) {
                    if (full == null) {
                        full = connection.prepareStatement(insert + repeat(placeholders, perStatement));
                    }
                    statement = full;
                } else {
                    statement = connection.prepareStatement(insert + repeat(placeholders, chunk.size()));
                }
                try {
                    int parameter = 1;
                    for (Object[] row : chunk) {
                        for (Object value : row) {
                            statement.setObject(parameter++, bindable(value));
                        }
                    }
                    inserted += statement.executeUpdate();
                } finally {
                    if (statement != full) {
                        statement.close();
                    }
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        return new BulkResult(inserted, skipped);
    }

    /** Drops rows whose key repeats an earlier row's or a row already in the table. */
    private static List<Object[]> withoutDuplicates(Connection connection, TableMetadata metadata, List<String> key,
            int[] keyIndexes, List<Object[]> values, int batchSize) throws SQLException {
        Set<List<Object>> seen = new HashSet<>();
        List<Object[]> unique = new ArrayList<>(values.size());
        for (Object[] row : values) {
            List<Object> rowKey = keyOf(row, keyIndexes);
            if (rowKey == null || seen.add(rowKey)) {
                unique.add(row);
            }
        }
        String keyList = key.stream().map(metadata::quote).collect(Collectors.joining(", "));
        String tuple = key.size() == 1 ? "?" : "(" + String.join(", ", java.util.Collections.nCopies(key.size(), "?")) + ")";
        int perQuery = Math.max(1, Math.min(batchSize, MAX_PARAMETERS / key.size()));
        Set<List<Object>> existing = new HashSet<>();
        List<Object[]> withKey = unique.stream().filter(row -> keyOf(row, keyIndexes) != null).toList();
        for (int from = 0; from < withKey.size(); from += perQuery) {
            List<Object[]> chunk = withKey.subList(from, Math.min(withKey.size(), from + perQuery));
            String sql = "SELECT " + keyList + " FROM " + metadata.qualifiedName() + " WHERE "
                    + (key.size() == 1 ? keyList : "(" + keyList + ")") + " IN ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), tuple)) + ")";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int parameter = 1;
                for (Object[] row : chunk) {
                    for (int i : keyIndexes) {
                        statement.setObject(parameter++, bindable(row[i]));
                    }
                }
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        Object[] found = new Object[key.size()];
                        for (int i = 0; i < found.length; i++) {
                            found[i] = rs.getObject(i + 1);
                        }
                        existing.add(normalised(found));
                    }
                }
            }
        }
        if (existing.isEmpty()) {
            return unique;
        }
        return unique.stream().filter(row -> {
            List<Object> rowKey = keyOf(row, keyIndexes);
            return rowKey == null || !existing.contains(rowKey);
        }).toList();
    }

    private static List<Object> keyOf(Object[] row, int[] keyIndexes) {
        Object[] key = new Object[keyIndexes.length];
        for (int i = 0; i < keyIndexes.length; i++) {
            key[i] = row[keyIndexes[i]];
            if (key[i] == null) {
                return null; // NULLs never conflict in a unique constraint
            }
        }
        return normalised(key);
    }

    /** Key values compared across Java and JDBC types: numbers by value, the rest by text. */
    private static List<Object> normalised(Object[] key) {
        return Arrays.stream(key).map(value -> {
            if (value instanceof Number number) {
                return (Object) new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
            }
            return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        }).toList();
    }

    private static Object bindable(Object value) {
        return value instanceof Enum<?> e ? e.name() : value;
    }

    private static String repeat(String placeholders, int times) {
        return String.join(", ", java.util.Collections.nCopies(times, placeholders));
    }
}
