package com.corpastro.performance.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.http.EndpointPolicy;

/**
 * A shared limiter that falls back to local buckets, never to no limit. When the shared store
 * fails, requests are limited by {@code fallback} and the store is tried again after
 * {@code retryInterval}; the switch is logged once each way ({@code event=rate_limit_store_down},
 * {@code event=rate_limit_store_recovered}).
 */
public final class FallbackRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FallbackRateLimiter.class);

    private final RateLimiter shared;
    private final RateLimiter fallback;
    private final Clock clock;
    private final long retryMillis;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicLong retryAt = new AtomicLong();

    public FallbackRateLimiter(RateLimiter shared, RateLimiter fallback, Clock clock, Duration retryInterval) {
        if (retryInterval == null || retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must be >= 0, was " + retryInterval);
        }
        this.shared = shared;
        this.fallback = fallback;
        this.clock = clock;
        this.retryMillis = retryInterval.toMillis();
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key) {
        if (down.get() && clock.millis() < retryAt.get()) {
            return fallback.tryAcquire(policy, key);
        }
        try {
            RateLimitDecision decision = shared.tryAcquire(policy, key);
            if (down.compareAndSet(true, false)) {
                log.info("event=rate_limit_store_recovered store=shared");
            }
            return decision;
        } catch (RuntimeException e) {
            retryAt.set(clock.millis() + retryMillis);
            if (down.compareAndSet(false, true)) {
                log.warn("event=rate_limit_store_down store=shared fallback=local retry_ms={} error=\"{}\"",
                        retryMillis, e.toString());
            }
            return fallback.tryAcquire(policy, key);
        }
    }

    /** Closes the shared limiter when it holds resources (e.g. a Redis connection). */
    @Override
    public void close() throws Exception {
        if (shared instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Whether the shared store is considered down right now. */
    public boolean isFallingBack() {
        return down.get();
    }
}
