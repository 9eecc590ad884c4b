package com.corpastro.performance.http;

import java.time.Duration;

/**
 * One timed request.
 *
 * @param method   the HTTP method
 * @param route    the route template, e.g. {@code /api/businesses/{id}/content/{contentType}};
 *                 {@value ResponseTimeFilter#UNMATCHED} when no handler matched (404, 429 before routing)
 * @param status   the response status
 * @param duration from the request entering the filter to the response being written
 */
public record ResponseTiming(String method, String route, int status, Duration duration) {
}
