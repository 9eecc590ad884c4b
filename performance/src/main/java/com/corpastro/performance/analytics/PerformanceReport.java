package com.corpastro.performance.analytics;

import java.util.List;

/**
 * A period's requests by route against a baseline period, from the monitor's per-minute rollups
 * of every node.
 *
 * @param period   the period reported, widened to whole minutes
 * @param baseline the period it is compared with
 * @param routes   every route seen in either period, regressions first, then by requests
 * @param totals   all routes together (route {@code ALL})
 */
public record PerformanceReport(Period period, Period baseline, List<RouteReport> routes, RouteReport totals) {

    /** The routes flagged as regressions. */
    public List<RouteReport> regressions() {
        return routes.stream().filter(RouteReport::regression).toList();
    }
}
