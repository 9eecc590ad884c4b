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

    /**
     * Takes {@code tokens} tokens at once from the bucket of {@code policy} and {@code key}, all or
     * none: a call that costs more than one request (a GraphQL operation by its complexity). The
     * built-in limiters implement it; this default supports only one token.
     *
     * @throws IllegalArgumentException when {@code tokens} is below 1, naming it
     */
    default RateLimitDecision tryAcquire(EndpointPolicy policy, String key, long tokens) {
        if (requireTokens(tokens) == 1) {
            return tryAcquire(policy, key);
        }
        throw new UnsupportedOperationException(getClass().getName() + " takes one token per call, asked for " + tokens);
    }

    /** {@code tokens} if it is at least 1, else an IllegalArgumentException naming it. */
    static long requireTokens(long tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be >= 1, was " + tokens);
        }
        return tokens;
    }
}
