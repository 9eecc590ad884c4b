package com.corpastro.performance.ratelimit;

import java.time.Clock;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.ratelimit.internal.Buckets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * In-process token buckets (Bucket4j), held in a bounded Caffeine map. A bucket left alone for a
 * whole period is full again, so it is dropped then and recreated full on the next request.
 *
 * <pre>{@code
 * RateLimiter limiter = new LocalRateLimiter(Clock.systemUTC(), 100_000);
 * }</pre>
 */
public final class LocalRateLimiter implements RateLimiter {

    private final TimeMeter time;
    private final Cache<String, Held> buckets;

    /**
     * @param clock      the time source of the buckets
     * @param maxBuckets the most buckets held; the least recently used go first
     */
    public LocalRateLimiter(Clock clock, long maxBuckets) {
        if (maxBuckets <= 0) {
            throw new IllegalArgumentException("maxBuckets must be > 0, was " + maxBuckets);
        }
        this.time = Buckets.timeMeter(clock);
        this.buckets = Caffeine.newBuilder()
                .maximumSize(maxBuckets)
                // Maintenance on the calling thread: no wake-up of a pool thread on the request path.
                .executor(Runnable::run)
                .expireAfter(new Expiry<String, Held>() {
                    @Override
                    public long expireAfterCreate(String key, Held held, long currentTime) {
                        return held.idleNanos;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Held held, long currentTime, long currentDuration) {
                        return held.idleNanos;
                    }

                    @Override
                    public long expireAfterRead(String key, Held held, long currentTime, long currentDuration) {
                        return held.idleNanos;
                    }
                })
                .build();
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key) {
        return tryAcquire(policy, key, 1);
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key, long tokens) {
        RateLimiter.requireTokens(tokens);
        Held held = buckets.get(Buckets.bucketKey(policy, key), k -> new Held(
                Bucket.builder().withCustomTimePrecision(time)
                        .addLimit(Buckets.bandwidth(policy)).build(),
                policy.period().toNanos()));
        return Buckets.decision(held.bucket.tryConsumeAndReturnRemaining(tokens));
    }

    private record Held(Bucket bucket, long idleNanos) {
    }
}
