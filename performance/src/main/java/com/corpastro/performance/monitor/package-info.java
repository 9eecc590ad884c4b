/**
 * The performance monitor: recording, range queries over raw points and per-minute rollups of
 * every node, the summary, the admin API and the dashboard. It depends on no other feature: the
 * cache, memory manager and pool add their summary sections ({@code SummaryContributor}) and samples
 * ({@code MonitorSampler}) themselves.
 *
 * <p>API: {@link com.corpastro.performance.monitor.PerformanceMonitor},
 * {@link com.corpastro.performance.monitor.MetricType}, {@link com.corpastro.performance.monitor.MetricPoint},
 * {@link com.corpastro.performance.monitor.MetricBucket}, {@link com.corpastro.performance.monitor.Aggregation},
 * {@link com.corpastro.performance.monitor.MetricSource}, {@link com.corpastro.performance.monitor.MonitorSummary},
 * {@link com.corpastro.performance.monitor.RollupStore} ({@code JdbcRollupStore}, {@code InMemoryRollupStore},
 * {@code Rollup}), {@link com.corpastro.performance.monitor.SummaryContributor} and
 * {@link com.corpastro.performance.monitor.MonitorSampler}. Configuration: {@code MonitorAutoConfiguration},
 * {@code MonitorWebAutoConfiguration}, {@code MonitorProperties} ({@code corp-astro.monitor.*}).
 */
package com.corpastro.performance.monitor;
