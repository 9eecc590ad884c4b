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
 * @param cache     whether a cache answered: {@link CacheLookup#NONE} when the route has no cache
 */
public record ResponseTiming(String method, String route, int status, Duration duration, String path,
        String errorCode, CacheLookup cache) {

    /** What a cache in front of the handler did with a request. */
    public enum CacheLookup {
        /** No cache was asked: the route has none. */
        NONE,
        /** The cache answered. */
        HIT,
        /** The cache was asked and the handler answered. */
        MISS
    }

    /**
     * The request attribute a filter that looks up a cache sets to the {@link CacheLookup} (a
     * constant, so marking a request allocates nothing); read into {@link #cache()}.
     */
    public static final String CACHE_ATTRIBUTE = ResponseTiming.class.getName() + ".cache";

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

    /** A timing of a request no cache was asked for. */
    public ResponseTiming(String method, String route, int status, Duration duration, String path,
            String errorCode) {
        this(method, route, status, duration, path, errorCode, CacheLookup.NONE);
    }
}
