package com.corpastro.performance.analytics;

/**
 * A route's (or all routes') requests in one period. Quantiles are within the monitor's DDSketch
 * relative accuracy (1%); a figure without requests to measure is {@code null}.
 *
 * @param requests            requests answered in the period, on every node
 * @param throughputPerSecond requests per second of the period
 * @param p50Ms               median response time
 * @param p95Ms               95th percentile response time
 * @param p99Ms               99th percentile response time
 * @param errorRate           share of requests answered with a 5xx status (0 to 1)
 * @param apdex               Apdex score for the endpoint type's threshold T (0 to 1; a 5xx is frustrated)
 * @param cacheHitRate        share of the requests the response cache was asked for that it answered
 *                            (hits / (hits + misses), 0 to 1); {@code null} when it was asked for none
 *                            (a route without a cache)
 */
public record Figures(long requests, double throughputPerSecond, Double p50Ms, Double p95Ms, Double p99Ms,
        Double errorRate, Double apdex, Double cacheHitRate) {
}
