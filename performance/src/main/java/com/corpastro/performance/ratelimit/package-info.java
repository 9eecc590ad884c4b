/**
 * Token-bucket rate limits by endpoint type, in the process or shared through Redis.
 *
 * <p>API: {@link com.corpastro.performance.ratelimit.RateLimiter},
 * {@link com.corpastro.performance.ratelimit.RateLimitDecision},
 * {@link com.corpastro.performance.ratelimit.LocalRateLimiter},
 * {@link com.corpastro.performance.ratelimit.RedisRateLimiter} and
 * {@link com.corpastro.performance.ratelimit.FallbackRateLimiter}. Configuration:
 * {@code RateLimitAutoConfiguration}, {@code RateLimitProperties} ({@code corp-astro.http.rate-limit.*});
 * the limits are the endpoint types' ({@code corp-astro.http.endpoint-types.*}). The filter is package-private.
 */
package com.corpastro.performance.ratelimit;
