package com.corpastro.performance.autoconfigure;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;

import jakarta.servlet.Filter;

/**
 * Where each servlet filter of the performance system sits in the chain, outermost first, in one
 * place since the filters belong to different features. An application's own filter goes between
 * two of them by taking an order in between.
 */
public final class FilterOrder {

    /** The request id: first, so every later log line and error carries the id. */
    public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;
    /** Problem+json for error responses a handler left without a body. */
    public static final int EMPTY_ERROR_RESPONSE = Ordered.HIGHEST_PRECEDENCE + 1;
    /** The path firewall: right after the request id, before anything reads the path. */
    public static final int PATH_FIREWALL = Ordered.HIGHEST_PRECEDENCE + 2;
    /** The request timer: it sees nearly every request first. */
    public static final int TIMING = Ordered.HIGHEST_PRECEDENCE + 10;
    /** The security headers. */
    public static final int SECURITY_HEADERS = Ordered.HIGHEST_PRECEDENCE + 20;
    /** The request body limit: after the request id and the timer. */
    public static final int BODY_LIMIT = Ordered.HIGHEST_PRECEDENCE + 20;
    /** The query analyzer's scope of one request (N+1 detection). */
    public static final int QUERY_SCOPE = Ordered.HIGHEST_PRECEDENCE + 20;
    /** The rate limit: before anything that costs work, cache hits included. */
    public static final int RATE_LIMIT = Ordered.HIGHEST_PRECEDENCE + 30;
    /** The admin paths: after the rate limit, before the response filter and anything that reads the body. */
    public static final int ADMIN_PATHS = Ordered.HIGHEST_PRECEDENCE + 35;
    /** The response filter (cache headers, ETag, compression, response cache). */
    public static final int RESPONSE = Ordered.HIGHEST_PRECEDENCE + 40;

    private FilterOrder() {
    }

    /** {@code filter} registered for every path at {@code order}. */
    public static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(order);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
