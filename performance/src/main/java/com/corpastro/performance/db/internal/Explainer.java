package com.corpastro.performance.db.internal;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.corpastro.performance.db.ExplainFinding;
import com.corpastro.performance.internal.Json;

import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Runs {@code EXPLAIN (FORMAT JSON)} for a statement with its captured parameters on PostgreSQL
 * and turns sequential scans with a filter over large tables into findings with an index
 * suggestion.
 */
public final class Explainer {

    /** A column on the left of a comparison in PostgreSQL's printed filter: {@code ((name)::text = ...)}. */
    private static final Pattern COMPARED_COLUMN = Pattern.compile(
            "(?<![\\w'.:])\"?([a-z_][a-z0-9_]*)\"?\\)?(?:::[a-z ]+?)?\\s*(?:=|<>|!=|<=|>=|<|>|~~\\*?|!~~\\*?)\\s");
    private static final Set<String> NOT_COLUMNS = Set.of("and", "or", "not", "text", "true", "false", "null");

    private final long largeTableRows;
    private final boolean analyze;

    public Explainer(long largeTableRows, boolean analyze) {
        this.largeTableRows = largeTableRows;
        this.analyze = analyze;
    }

    public List<ExplainFinding> explain(Connection connection, String sql, List<ParameterSetOperation> parameters)
            throws SQLException {
        Object plan;
        try (PreparedStatement statement = connection.prepareStatement(
                "EXPLAIN (" + (analyze ? "ANALYZE, " : "") + "FORMAT JSON) " + sql)) {
            for (ParameterSetOperation operation : parameters) {
                try {
                    operation.getMethod().invoke(statement, operation.getArgs());
                } catch (IllegalAccessException | InvocationTargetException | IllegalArgumentException e) {
                    throw new SQLException("could not replay parameter " + operation.getMethod().getName(), e);
                }
            }
            plan = firstPlan(statement);
        }
        List<Map<?, ?>> scans = new ArrayList<>();
        collectSeqScans(plan, scans);
        List<ExplainFinding> findings = new ArrayList<>();
        for (Map<?, ?> scan : scans) {
            Object filter = scan.get("Filter");
            Object relation = scan.get("Relation Name");
            if (!(filter instanceof String f) || !(relation instanceof String table)) {
                continue;
            }
            long rows = estimatedRows(connection, scan.get("Schema") instanceof String s ? s : null, table);
            if (rows >= largeTableRows) {
                findings.add(new ExplainFinding(table, rows, f, suggestion(table, rows, f)));
            }
        }
        return findings;
    }

    static String suggestion(String table, long rows, String filter) {
        Set<String> columns = new LinkedHashSet<>();
        Matcher matcher = COMPARED_COLUMN.matcher(filter);
        while (matcher.find() && columns.size() < 3) {
            if (!NOT_COLUMNS.contains(matcher.group(1))) {
                columns.add(matcher.group(1));
            }
        }
        String scan = "Sequential scan on " + table + " (~" + rows + " rows) filtering " + filter;
        if (columns.isEmpty()) {
            return scan + ": consider an index that matches this filter";
        }
        return scan + ": consider CREATE INDEX ON " + table + " (" + String.join(", ", columns) + ")";
    }

    /** The planner's estimate of the table's rows: the row count of a plain scan of it. */
    private static long estimatedRows(Connection connection, String schema, String table) throws SQLException {
        String name = (schema == null ? "" : quote(schema) + ".") + quote(table);
        try (Statement statement = connection.createStatement()) {
            Object plan = firstPlan(statement, "EXPLAIN (FORMAT JSON) SELECT * FROM " + name);
            return plan instanceof Map<?, ?> node && node.get("Plan Rows") instanceof Number rows ? rows.longValue() : 0;
        }
    }

    private static Object firstPlan(PreparedStatement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery()) {
            return rootPlan(rs);
        }
    }

    private static Object firstPlan(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            return rootPlan(rs);
        }
    }

    private static Object rootPlan(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return null;
        }
        Object parsed = Json.parse(rs.getString(1));
        if (parsed instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?> top) {
            return top.get("Plan");
        }
        return null;
    }

    private static void collectSeqScans(Object node, List<Map<?, ?>> scans) {
        if (!(node instanceof Map<?, ?> map)) {
            return;
        }
        if ("Seq Scan".equals(map.get("Node Type"))) {
            scans.add(map);
        }
        if (map.get("Plans") instanceof List<?> children) {
            for (Object child : children) {
                collectSeqScans(child, scans);
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
