package com.corpastro.performance.monitor;

import java.util.List;

import com.corpastro.performance.error.ErrorCodes;
import com.corpastro.performance.http.PathPatterns;
import com.corpastro.performance.http.ResponseTimeListener;
import com.corpastro.performance.http.ResponseTiming;

/**
 * Records every timed HTTP request in the {@link PerformanceMonitor}: its response time under the
 * route pattern ({@code /api/users/{id}}, or {@code UNMATCHED} when no handler matched, so unknown
 * URLs cannot blow up the number of series) and, for status 400 and above, an error with the
 * problem {@code code}, and whether the route's cache answered (see {@link ResponseTiming#cache()}). Paths matching the excluded patterns (the monitor's own API and the
 * dashboard by default) are not recorded. The timing comes from the HTTP layer's one request timer.
 */
final class RequestMetrics implements ResponseTimeListener {

    private final PerformanceMonitor monitor;
    private final PathPatterns excluded;

    RequestMetrics(PerformanceMonitor monitor, List<String> excludedPaths) {
        this.monitor = monitor;
        this.excluded = PathPatterns.of(excludedPaths, "excluded path");
    }

    @Override
    public void onResponse(ResponseTiming timing) {
        if (excluded.matches(timing.path())) {
            return;
        }
        String route = timing.route().equals("/**") ? ResponseTiming.UNMATCHED : timing.route();
        double ms = timing.duration().toNanos() / 1_000_000.0;
        if (timing.cache() == ResponseTiming.CacheLookup.NONE) {
            monitor.recordResponseTime(route, timing.method(), timing.status(), ms);
        } else {
            monitor.recordResponseTime(route, timing.method(), timing.status(), ms,
                    timing.cache() == ResponseTiming.CacheLookup.HIT);
        }
        if (timing.status() >= 400) {
            monitor.recordError(route, timing.method(), timing.status(), timing.errorCode() != null ? timing.errorCode()
                    : ErrorCodes.forStatus(timing.status()));
        }
    }
}
