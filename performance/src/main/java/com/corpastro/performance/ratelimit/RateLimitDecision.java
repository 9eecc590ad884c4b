package com.corpastro.performance.ratelimit;

import java.time.Duration;

/**
 * The outcome of taking one token.
 *
 * @param allowed    whether the request may proceed
 * @param remaining  tokens left after this request
 * @param retryAfter when {@code allowed} is false, the wait until a token is available; else zero
 * @param resetAfter the wait until the bucket is full again
 */
public record RateLimitDecision(boolean allowed, long remaining, Duration retryAfter, Duration resetAfter) {
}
