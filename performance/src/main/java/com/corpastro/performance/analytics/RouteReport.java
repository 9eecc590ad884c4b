package com.corpastro.performance.analytics;

/**
 * One route of a {@link PerformanceReport}: its figures in the period, in the baseline, and how
 * they changed.
 *
 * @param route          method and route pattern, e.g. {@code GET /api/templates/{id}}; {@code ALL} for the totals
 * @param endpointType   the route's endpoint type (corp-astro.http.endpoint-types), which sets its Apdex T
 * @param baseline       the same figures in the baseline period
 * @param p95Change      relative change of p95 against the baseline (0.25 = +25%); {@code null} without both
 * @param requestsChange relative change of requests against the baseline; {@code null} without baseline requests
 * @param regression     whether p95 grew by at least the threshold and the growth is statistically supported
 *                       (see the README, "Analytics")
 */
public record RouteReport(String route, String endpointType, long requests, double throughputPerSecond,
        Double p50Ms, Double p95Ms, Double p99Ms, Double errorRate, Double apdex, Double cacheHitRate,
        Figures baseline, Double p95Change, Double requestsChange, boolean regression) {

    static RouteReport of(String route, String endpointType, Figures current, Figures baseline, boolean regression) {
        Double p95Change = current.p95Ms() != null && baseline.p95Ms() != null && baseline.p95Ms() > 0
                ? current.p95Ms() / baseline.p95Ms() - 1 : null;
        Double requestsChange = baseline.requests() > 0 ? (double) current.requests() / baseline.requests() - 1 : null;
        return new RouteReport(route, endpointType, current.requests(), current.throughputPerSecond(),
                current.p50Ms(), current.p95Ms(), current.p99Ms(), current.errorRate(), current.apdex(),
                current.cacheHitRate(), baseline, p95Change, requestsChange, regression);
    }
}
