package com.corpastro.performance.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

import com.corpastro.performance.error.ErrorCodes;
import com.corpastro.performance.http.internal.CommitHookResponse;
import com.github.benmanes.caffeine.cache.Ticker;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The one timer of every request: reports the time to serve it, by route template, to every
 * {@link ResponseTimeListener} (the monitor's request metrics and the Micrometer timer among them);
 * with headers on, it also adds {@code X-Response-Time} and {@code Server-Timing} (total, plus what
 * the application added through {@link ServerTiming}) just before the response commits and logs
 * requests slower than the threshold as {@code event=slow_request}. An asynchronous request is
 * reported when it completes; one that ends with an exception as status 500.
 */
final class ResponseTimeFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ResponseTimeFilter.class);

    private final List<ResponseTimeListener> listeners;
    private final boolean headers;
    private final Duration slowThreshold;
    private final Ticker ticker;

    /**
     * @param listeners     receive every timing
     * @param headers       whether responses get {@code X-Response-Time} and {@code Server-Timing} and slow
     *                      requests are logged
     * @param slowThreshold requests at least this slow are logged
     * @param ticker        the nanosecond time source
     */
    ResponseTimeFilter(List<ResponseTimeListener> listeners, boolean headers, Duration slowThreshold, Ticker ticker) {
        if (slowThreshold == null || slowThreshold.isNegative()) {
            throw new IllegalArgumentException("slow threshold must be >= 0, was " + slowThreshold);
        }
        this.listeners = List.copyOf(listeners);
        this.headers = headers;
        this.slowThreshold = slowThreshold;
        this.ticker = ticker;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = ticker.read();
        CommitHookResponse wrapped = headers
                ? new CommitHookResponse(response, () -> addHeaders(request, response, start)) : null;
        boolean failed = true;
        boolean async = false;
        try {
            chain.doFilter(request, wrapped != null ? wrapped : response);
            failed = false;
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        report(request, response.getStatus(), ticker.read() - start);
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
            }
        } finally {
            if (!async) {
                if (wrapped != null) {
                    wrapped.beforeCommit();
                }
                report(request, failed ? 500 : response.getStatus(), ticker.read() - start);
            }
        }
    }

    private void addHeaders(HttpServletRequest request, HttpServletResponse response, long start) {
        long elapsed = ticker.read() - start;
        StringBuilder millis = new StringBuilder(12);
        appendMillis(millis, elapsed);
        response.setHeader("X-Response-Time", millis + "ms");
        StringBuilder timing = new StringBuilder(48).append("total;dur=").append(millis);
        for (ServerTiming.Metric metric : ServerTiming.metrics(request, false)) {
            metric.appendTo(timing);
        }
        response.setHeader("Server-Timing", timing.toString());
    }

    private void report(HttpServletRequest request, int status, long nanos) {
        Object pattern = request.getAttribute(ResponseTiming.ROUTE_ATTRIBUTE);
        String route = pattern instanceof String text ? text : ResponseTiming.UNMATCHED;
        Object code = status >= 400 ? request.getAttribute(ErrorCodes.ATTRIBUTE) : null;
        Object cache = request.getAttribute(ResponseTiming.CACHE_ATTRIBUTE);
        Duration duration = Duration.ofNanos(nanos);
        ResponseTiming timing = new ResponseTiming(request.getMethod(), route, status, duration,
                EndpointClassifier.pathWithinApplication(request), code instanceof String text ? text : null,
                cache instanceof ResponseTiming.CacheLookup lookup ? lookup : ResponseTiming.CacheLookup.NONE);
        if (headers && duration.compareTo(slowThreshold) >= 0) {
            log.warn("event=slow_request method={} route={} status={} duration_ms={} threshold_ms={}",
                    timing.method(), route, timing.status(), duration.toMillis(), slowThreshold.toMillis());
        }
        for (ResponseTimeListener listener : listeners) {
            try {
                listener.onResponse(timing);
            } catch (RuntimeException e) {
                log.warn("event=response_time_listener_failed listener={} error=\"{}\"",
                        listener.getClass().getName(), e.toString());
            }
        }
    }

    /** Appends nanoseconds as milliseconds with one decimal, e.g. {@code 12.3}. */
    static void appendMillis(StringBuilder out, long nanos) {
        long tenths = Math.max(0, nanos) / 100_000;
        out.append(tenths / 10).append('.').append(tenths % 10);
    }
}
