package com.corpastro.performance.monitor;

import java.util.List;
import java.util.Map;

/**
 * What this node's raw points say about a recent window.
 *
 * @param windowMs            length of the window in milliseconds
 * @param requests            requests recorded
 * @param throughputPerSecond requests per second over the window
 * @param errorRate           share of requests answered with status 400 or above (0 to 1)
 * @param serverErrorRate     share answered with 500 or above
 * @param errorsByStatus      error responses by status code
 * @param errorsByCode        error responses by problem {@code code}
 * @param slowestRoutes       routes with the highest p95 response time, slowest first
 * @param slowestQueries      database operations with the highest p95, slowest first
 * @param contentGeneration   content generation counts and timing
 */
public record MonitorSummary(long windowMs, long requests, double throughputPerSecond, double errorRate,
        double serverErrorRate, Map<String, Long> errorsByStatus, Map<String, Long> errorsByCode,
        List<TimingStats> slowestRoutes, List<TimingStats> slowestQueries, ContentGenerationStats contentGeneration) {

    /**
     * Timing of one route ({@code GET /api/x}) or database operation ({@code findAll User}).
     *
     * @param name   the route or operation
     * @param count  how many
     * @param errors how many ended with status 400 or above (routes only)
     * @param avgMs  mean in milliseconds
     * @param p50Ms  median, within 1%
     * @param p95Ms  95th percentile, within 1%
     * @param p99Ms  99th percentile, within 1%
     * @param maxMs  slowest
     */
    public record TimingStats(String name, long count, long errors, double avgMs, double p50Ms, double p95Ms,
            double p99Ms, double maxMs) {
    }

    /**
     * @param count       generations recorded
     * @param successes   how many succeeded
     * @param successRate successes over count, 1 when there were none
     * @param p95Ms       95th percentile duration, {@code null} when there were none
     */
    public record ContentGenerationStats(long count, long successes, double successRate, Double p95Ms) {
    }
}
