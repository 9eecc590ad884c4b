/**
 * Performance analytics over the monitor's per-minute rollups of every node: period reports with
 * regression flags and Apdex, service-level objectives with multi-window burn rates, alerts
 * (burn-rate rules and p95 anomalies against a seasonal or EWMA baseline) and a daily report.
 *
 * <p>API: {@link com.corpastro.performance.analytics.PerformanceReports} ({@code PerformanceReport},
 * {@code RouteReport}, {@code Figures}, {@code Period}), {@link com.corpastro.performance.analytics.ServiceLevels}
 * ({@code SloReport}, {@code ObjectiveStatus}), {@link com.corpastro.performance.analytics.Alerts} ({@code Alert},
 * {@code AlertListener}), {@link com.corpastro.performance.analytics.DailyReports} ({@code DailyReport}) and
 * {@link com.corpastro.performance.analytics.AnalyticsStore} ({@code JdbcAnalyticsStore},
 * {@code InMemoryAnalyticsStore}). Configuration: {@code AnalyticsAutoConfiguration},
 * {@code AnalyticsProperties} ({@code corp-astro.analytics.*}).
 */
package com.corpastro.performance.analytics;
