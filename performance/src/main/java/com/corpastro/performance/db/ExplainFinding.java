package com.corpastro.performance.db;

/**
 * A problem EXPLAIN found in the plan of a slow query: a sequential scan over a large table
 * with a filter, which an index would usually turn into an index scan.
 *
 * @param table      the scanned table
 * @param tableRows  the planner's estimate of the table's rows
 * @param filter     the filter the scan applies, as PostgreSQL prints it
 * @param suggestion a readable fix, such as {@code CREATE INDEX ON businesses (name)}
 */
public record ExplainFinding(String table, long tableRows, String filter, String suggestion) {
}
