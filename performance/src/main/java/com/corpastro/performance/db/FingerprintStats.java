package com.corpastro.performance.db;

import java.util.List;

/**
 * Statistics of one statement shape since start-up (or the last reset).
 *
 * @param fingerprint      the SQL with literals and bind markers normalised to {@code ?}
 * @param count            executions
 * @param totalMillis      time spent in the database, summed
 * @param meanMillis       {@code totalMillis / count}
 * @param p95Millis        95th percentile over the most recent executions (up to 256)
 * @param maxMillis        slowest execution
 * @param rows             rows written (update counts; rows read are not counted)
 * @param errors           executions that failed
 * @param nPlusOneRequests HTTP requests in which it ran more often than the N+1 threshold
 * @param findings         what EXPLAIN found when it was last slow (PostgreSQL only)
 */
public record FingerprintStats(String fingerprint, long count, double totalMillis, double meanMillis,
        double p95Millis, double maxMillis, long rows, long errors, long nPlusOneRequests,
        List<ExplainFinding> findings) {
}
