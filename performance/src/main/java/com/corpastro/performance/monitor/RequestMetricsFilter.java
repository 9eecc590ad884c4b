package com.corpastro.performance.monitor;

import java.io.IOException;
import java.util.List;

import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import com.corpastro.performance.error.ProblemDetailsHandler;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Records every HTTP request in the {@link PerformanceMonitor}: its response time under the
 * route pattern ({@code /api/users/{id}}, or {@code UNMATCHED} when no handler matched, so unknown
 * URLs cannot blow up the number of series) and, for status 400 and above, an error with the
 * problem {@code code}. Paths matching the excluded patterns (the monitor's own API and the
 * dashboard by default) are not recorded.
 */
public final class RequestMetricsFilter extends OncePerRequestFilter {

    /** The route recorded for requests no handler matched. */
    public static final String UNMATCHED = "UNMATCHED";

    private final PerformanceMonitor monitor;
    private final List<String> excludedPatterns;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public RequestMetricsFilter(PerformanceMonitor monitor, List<String> excludedPatterns) {
        this.monitor = monitor;
        this.excludedPatterns = List.copyOf(excludedPatterns);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (String pattern : excludedPatterns) {
            if (matcher.match(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            if (!failed && request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response.getStatus(), started);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(request, failed ? 500 : response.getStatus(), started);
            }
        }
    }

    private void record(HttpServletRequest request, int status, long started) {
        double ms = (System.nanoTime() - started) / 1_000_000.0;
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = pattern instanceof String p && !p.equals("/**") ? p : UNMATCHED;
        monitor.recordResponseTime(route, request.getMethod(), status, ms);
        if (status >= 400) {
            Object code = request.getAttribute(ProblemDetailsHandler.ERROR_CODE_ATTRIBUTE);
            monitor.recordError(route, request.getMethod(), status,
                    code instanceof String c ? c : ProblemDetailsHandler.codeForStatus(status));
        }
    }
}
