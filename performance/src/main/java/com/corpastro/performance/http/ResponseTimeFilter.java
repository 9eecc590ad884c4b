package com.corpastro.performance.http;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

import com.corpastro.performance.http.internal.CommitHookResponse;
import com.github.benmanes.caffeine.cache.Ticker;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Times every request: adds {@code X-Response-Time} and {@code Server-Timing} (total, plus what
 * the application added through {@link ServerTiming}) just before the response commits, then
 * reports the full time by route template to every {@link ResponseTimeListener} and logs requests
 * slower than the threshold as {@code event=slow_request}. An asynchronous request is reported
 * when it completes.
 */
public final class ResponseTimeFilter extends OncePerRequestFilter {

    /** The route of a request no handler matched. */
    public static final String UNMATCHED = "UNMATCHED";

    /** Request attribute through which a filter that answers without MVC names the route. */
    public static final String ROUTE_ATTRIBUTE = HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE;

    private static final Logger log = LoggerFactory.getLogger(ResponseTimeFilter.class);

    private final List<ResponseTimeListener> listeners;
    private final Duration slowThreshold;
    private final Ticker ticker;

    /**
     * @param listeners     receive every timing
     * @param slowThreshold requests at least this slow are logged
     * @param ticker        the nanosecond time source
     */
    public ResponseTimeFilter(List<ResponseTimeListener> listeners, Duration slowThreshold, Ticker ticker) {
        if (slowThreshold == null || slowThreshold.isNegative()) {
            throw new IllegalArgumentException("slow threshold must be >= 0, was " + slowThreshold);
        }
        this.listeners = List.copyOf(listeners);
        this.slowThreshold = slowThreshold;
        this.ticker = ticker;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = ticker.read();
        CommitHookResponse wrapped = new CommitHookResponse(response, () -> addHeaders(request, response, start));
        boolean async = false;
        try {
            chain.doFilter(request, wrapped);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        report(request, response, ticker.read() - start);
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
                wrapped.beforeCommit();
                report(request, response, ticker.read() - start);
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

    private void report(HttpServletRequest request, HttpServletResponse response, long nanos) {
        Object pattern = request.getAttribute(ROUTE_ATTRIBUTE);
        String route = pattern instanceof String text ? text : UNMATCHED;
        Duration duration = Duration.ofNanos(nanos);
        ResponseTiming timing = new ResponseTiming(request.getMethod(), route, response.getStatus(), duration);
        if (duration.compareTo(slowThreshold) >= 0) {
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
