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
 * through a package-private filter); read it with
 * {@link com.corpastro.performance.db.QueryAnalyzer#statistics(int)}.</li>
 * <li>{@link com.corpastro.performance.db.QueryResultCache}: results keyed by fingerprint and
 * parameters in the application cache.</li>
 * <li>{@link com.corpastro.performance.db.DbPool}: pool snapshots; a package-private health
 * indicator reports the database and its circuit.</li>
 * <li>{@link com.corpastro.performance.db.GuardedDataSource}: the circuit breaker {@code database},
 * bulkhead and statement timeout in front of the data source
 * ({@link com.corpastro.performance.db.DatabaseCallRefusedException} when it refuses).</li>
 * </ul>
 *
 * <p>API: the types above and their options and results ({@code QueryOptions}, {@code TxOptions},
 * {@code BulkOptions}, {@code BulkResult}, {@code DbCallback}, {@code QueryStatistics},
 * {@code FingerprintStats}, {@code ExplainFinding}, {@code NPlusOneIncident}, {@code PoolSnapshot}).
 * All of it is auto-configured for the application's {@code DataSource} under {@code corp-astro.db.*}
 * ({@code DatabaseOptimizerAutoConfiguration}, {@code DbProperties}). Types in {@code db.internal}
 * are not part of the API.
 */
package com.corpastro.performance.db;
