package com.corpastro.performance.http;

import java.time.Duration;

/**
 * What the HTTP layer does for one endpoint type (e.g. {@code content}, {@code public}): its rate
 * limit and the {@code Cache-Control} its successful responses get.
 *
 * @param name         the endpoint type, e.g. {@code content}
 * @param limit        requests allowed per {@code period} per key (the token bucket's capacity)
 * @param period       the time in which a drained bucket refills completely
 * @param key          what the limit counts by
 * @param cacheControl the {@code Cache-Control} for successful GET responses that set none, or {@code null} for
 *                     none; a {@link #isPrivate() private} type's other responses get {@code private, no-cache}
 */
public record EndpointPolicy(String name, long limit, Duration period, RateLimitKey key, String cacheControl) {

    public EndpointPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("endpoint type name must not be blank, was '" + name + "'");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit of endpoint type '" + name + "' must be > 0, was " + limit);
        }
        if (period == null || period.isNegative() || period.isZero() || period.toMillis() < 1) {
            throw new IllegalArgumentException("period of endpoint type '" + name + "' must be >= 1ms, was " + period);
        }
        if (limit > period.toNanos()) {
            throw new IllegalArgumentException("limit of endpoint type '" + name + "' must be at most one per nanosecond"
                    + " of its period " + period + ", was " + limit);
        }
        if (key == null) {
            throw new IllegalArgumentException("key of endpoint type '" + name + "' must not be null");
        }
        if (cacheControl != null && cacheControl.isBlank()) {
            cacheControl = null;
        }
    }

    /** Whether the {@code Cache-Control} marks responses as per-user ({@code private}). */
    public boolean isPrivate() {
        return cacheControl != null && cacheControl.toLowerCase(java.util.Locale.ROOT).contains("private");
    }

    /** What a rate limit counts by. */
    public enum RateLimitKey {
        /** The authenticated user ({@link RequestIdentity}), else the client IP. */
        USER,
        /** The client IP, even for authenticated requests. */
        IP
    }
}
