package com.corpastro.performance.ratelimit;

import com.corpastro.performance.http.EndpointPolicy;

/**
 * Token buckets, one per endpoint type and key. {@link LocalRateLimiter} keeps them in this
 * process; {@link RedisRateLimiter} shares them between nodes; {@link FallbackRateLimiter} uses
 * the local buckets while Redis is unreachable, so there is always a limit.
 */
public interface RateLimiter {

    /** Takes one token from the bucket of {@code policy} and {@code key}. */
    RateLimitDecision tryAcquire(EndpointPolicy policy, String key);
}
