/**
 * Database optimizer and query optimizer.
 *
 * <ul>
 * <li>{@link com.corpastro.performance.db.DatabaseOptimizer}: {@code executeQuery} (retries of
 * transient failures only, a deadline the server enforces, optional result caching),
 * {@code executeInTransaction} (re-runs the whole transaction after serialization failures and
 * deadlocks, rolls back on any exception) and {@code bulkInsert} (COPY on PostgreSQL, multi-row
 * INSERTs on H2, names checked against the catalog).</li>
 * <li>{@link com.corpastro.performance.db.QueryAnalyzer}: every JDBC statement of the wrapped data
 * source, by fingerprint, with a slow-query log, EXPLAIN findings for slow SELECTs on PostgreSQL
 * and N+1 detection per {@link com.corpastro.performance.db.QueryScope} (one per HTTP request
 * through {@link com.corpastro.performance.db.QueryScopeFilter}); read it with
 * {@link com.corpastro.performance.db.QueryAnalyzer#statistics(int)}.</li>
 * <li>{@link com.corpastro.performance.db.QueryResultCache}: results keyed by fingerprint and
 * parameters in the application cache.</li>
 * <li>{@link com.corpastro.performance.db.DbPool} and
 * {@link com.corpastro.performance.db.DbHealthIndicator}: pool snapshots and health.</li>
 * </ul>
 *
 * <p>All of it is auto-configured for the application's {@code DataSource} under
 * {@code corp-astro.db.*}. Types in {@code db.internal} are not part of the API.
 */
package com.corpastro.performance.db;
