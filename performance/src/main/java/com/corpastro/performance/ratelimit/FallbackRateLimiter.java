package com.corpastro.performance.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.corpastro.performance.http.EndpointPolicy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * A shared limiter that falls back to local buckets, never to no limit. Every call to the shared
 * store passes a Resilience4j circuit breaker (the {@code redis} one the cache uses, when they
 * share a Redis): a failed call, and every call while the circuit is open, is answered by
 * {@code fallback}, without waiting for the store; trial calls after the circuit's wait find the
 * way back. The switch is logged once each way ({@code event=rate_limit_store_down},
 * {@code event=rate_limit_store_recovered}).
 */
public final class FallbackRateLimiter implements RateLimiter, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FallbackRateLimiter.class);

    private final RateLimiter shared;
    private final RateLimiter fallback;
    private final CircuitBreaker circuitBreaker;
    private final AtomicBoolean down = new AtomicBoolean();

    /**
     * Falls back after the first failure and tries the store again after {@code retryInterval}
     * (on {@code clock}): a circuit breaker of its own, named {@code redis-rate-limit}, that opens
     * on one failure.
     */
    public FallbackRateLimiter(RateLimiter shared, RateLimiter fallback, Clock clock, Duration retryInterval) {
        this(shared, fallback, ownCircuitBreaker(clock, retryInterval));
    }

    /** Falls back while {@code circuitBreaker} refuses calls, and for every call that fails. */
    public FallbackRateLimiter(RateLimiter shared, RateLimiter fallback, CircuitBreaker circuitBreaker) {
        this.shared = shared;
        this.fallback = fallback;
        this.circuitBreaker = circuitBreaker;
    }

    private static CircuitBreaker ownCircuitBreaker(Clock clock, Duration retryInterval) {
        if (retryInterval == null || retryInterval.isNegative()) {
            throw new IllegalArgumentException("retryInterval must be >= 0, was " + retryInterval);
        }
        return CircuitBreaker.of("redis-rate-limit", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(1)
                .minimumNumberOfCalls(1)
                .failureRateThreshold(100)
                .waitDurationInOpenState(retryInterval.isZero() ? Duration.ofMillis(1) : retryInterval)
                .permittedNumberOfCallsInHalfOpenState(1)
                .clock(clock)
                .build());
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key) {
        return tryAcquire(policy, key, 1);
    }

    @Override
    public RateLimitDecision tryAcquire(EndpointPolicy policy, String key, long tokens) {
        RateLimiter.requireTokens(tokens);
        if (!circuitBreaker.tryAcquirePermission()) {
            wentDown("circuit " + circuitBreaker.getName() + " " + circuitBreaker.getState());
            return fallback.tryAcquire(policy, key, tokens);
        }
        long started = System.nanoTime();
        try {
            RateLimitDecision decision = shared.tryAcquire(policy, key, tokens);
            // Only a trial's success is recorded: most checks of a busy key are answered from the
            // node's own share without a Redis round trip, and counting them would dilute the
            // failure rate (and cost a lock per request); the cache records the real commands.
            if (circuitBreaker.getState() == CircuitBreaker.State.HALF_OPEN) {
                circuitBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            }
            if (down.compareAndSet(true, false)) {
                log.info("event=rate_limit_store_recovered store=shared");
            }
            return decision;
        } catch (RuntimeException e) {
            circuitBreaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e);
            wentDown(e.toString());
            return fallback.tryAcquire(policy, key, tokens);
        }
    }

    private void wentDown(String reason) {
        if (down.compareAndSet(false, true)) {
            log.warn("event=rate_limit_store_down store=shared fallback=local circuit={} error=\"{}\"",
                    circuitBreaker.getName(), reason);
        }
    }

    /** Closes the shared limiter when it holds resources (e.g. a Redis connection). */
    @Override
    public void close() throws Exception {
        if (shared instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Whether the last call used the local buckets (the store failed, or its circuit is open). */
    public boolean isFallingBack() {
        return down.get();
    }

    /** The circuit breaker in front of the shared store. */
    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }
}
