package com.corpastro.performance.db.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A table as the database describes it. Names given by callers are only ever used to look
 * entries up here; SQL is built from the names the database returned, quoted.
 *
 * @param schema     the schema as stored in the catalog
 * @param name       the table name as stored in the catalog
 * @param columns    column names by lower-case name
 * @param primaryKey the primary key columns, in key order
 * @param quote      the identifier quote string
 */
public record TableMetadata(String schema, String name, Map<String, String> columns, List<String> primaryKey,
        String quote) {

    /** Looks {@code table} ({@code name} or {@code schema.name}, any case) up in the current catalog. */
    public static TableMetadata lookUp(Connection connection, String table) throws SQLException {
        String schema = null;
        String name = table.trim();
        int dot = name.indexOf('.');
        if (dot >= 0) {
            schema = name.substring(0, dot);
            name = name.substring(dot + 1);
        }
        DatabaseMetaData metaData = connection.getMetaData();
        String quote = metaData.getIdentifierQuoteString();
        if (quote == null || quote.isBlank()) {
            quote = "\"";
        }
        String currentSchema = schema == null ? connection.getSchema() : null;
        for (String schemaCandidate : candidates(schema != null ? schema : currentSchema)) {
            for (String nameCandidate : candidates(name)) {
                Map<String, String> columns = new LinkedHashMap<>();
                String foundSchema = null;
                String foundName = null;
                try (ResultSet rs = metaData.getColumns(connection.getCatalog(), schemaCandidate, nameCandidate, "%")) {
                    while (rs.next()) {
                        // The patterns treat _ and % as wildcards: keep exact matches only.
                        if (!nameCandidate.equals(rs.getString("TABLE_NAME"))
                                || (schemaCandidate != null && !schemaCandidate.equals(rs.getString("TABLE_SCHEM")))) {
                            continue;
                        }
                        foundSchema = rs.getString("TABLE_SCHEM");
                        foundName = rs.getString("TABLE_NAME");
                        String column = rs.getString("COLUMN_NAME");
                        columns.putIfAbsent(column.toLowerCase(Locale.ROOT), column);
                    }
                }
                if (!columns.isEmpty()) {
                    return new TableMetadata(foundSchema, foundName, columns,
                            primaryKey(metaData, connection.getCatalog(), foundSchema, foundName), quote);
                }
            }
        }
        throw new IllegalArgumentException("unknown table '" + table + "'");
    }

    /** The stored name of {@code field}: the column itself, case-insensitively, or its snake_case form. */
    public String column(String field) {
        String found = columns.get(field.toLowerCase(Locale.ROOT));
        if (found == null) {
            found = columns.get(snakeCase(field));
        }
        if (found == null) {
            throw new IllegalArgumentException("unknown column '" + field + "' in table " + name + "; columns are "
                    + new TreeMap<>(columns).values());
        }
        return found;
    }

    /** {@code "schema"."name"}, quoted. */
    public String qualifiedName() {
        return schema == null ? quote(name) : quote(schema) + "." + quote(name);
    }

    /** {@code identifier} quoted for this database. */
    public String quote(String identifier) {
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    private static List<String> primaryKey(DatabaseMetaData metaData, String catalog, String schema, String table)
            throws SQLException {
        Map<Short, String> byPosition = new TreeMap<>();
        try (ResultSet rs = metaData.getPrimaryKeys(catalog, schema, table)) {
            while (rs.next()) {
                byPosition.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        return new ArrayList<>(byPosition.values());
    }

    private static Set<String> candidates(String name) {
        Set<String> candidates = new LinkedHashSet<>();
        if (name == null) {
            candidates.add(null);
            return candidates;
        }
        String unquoted = name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
                ? name.substring(1, name.length() - 1) : name;
        candidates.add(unquoted);
        candidates.add(unquoted.toLowerCase(Locale.ROOT));
        candidates.add(unquoted.toUpperCase(Locale.ROOT));
        return candidates;
    }

    static String snakeCase(String field) {
        StringBuilder out = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }
}
