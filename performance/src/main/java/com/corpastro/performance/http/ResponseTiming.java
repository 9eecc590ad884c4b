package com.corpastro.performance.http;

import java.time.Duration;

/**
 * One timed request.
 *
 * @param method    the HTTP method
 * @param route     the route template, e.g. {@code /api/businesses/{id}/content/{contentType}};
 *                  {@value #UNMATCHED} when no handler matched (404, 429 before routing)
 * @param status    the response status; 500 when the request ended with an exception
 * @param duration  from the request entering the filter to the response being written
 * @param path      the request path without the context path, as it arrived
 * @param errorCode the problem {@code code} of an error response, {@code null} when none was sent
 */
public record ResponseTiming(String method, String route, int status, Duration duration, String path,
        String errorCode) {

    /** The route of a request no handler matched. */
    public static final String UNMATCHED = "UNMATCHED";

    /**
     * The request attribute that holds the route template, Spring MVC's best matching pattern; a filter
     * that answers without Spring MVC (from a cache, say) sets it to name the route.
     */
    public static final String ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    /** A timing without path and error code. */
    public ResponseTiming(String method, String route, int status, Duration duration) {
        this(method, route, status, duration, "", null);
    }
}
