package com.corpastro.performance.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.corpastro.performance.http.EndpointPolicy;
import com.corpastro.performance.http.EndpointPolicy.RateLimitKey;
import com.corpastro.testing.MutableClock;

@ExtendWith(OutputCaptureExtension.class)
class RateLimitBucketsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final EndpointPolicy content = new EndpointPolicy("content", 300, Duration.ofMinutes(1), RateLimitKey.USER,
            null);

    @Test
    void allowsCapacityThenRefusesUntilATokenRefills() {
        LocalRateLimiter limiter = new LocalRateLimiter(clock, 1000);
        for (int i = 0; i < 300; i++) {
            assertThat(limiter.tryAcquire(content, "user:a").allowed()).isTrue();
        }

        RateLimitDecision refused = limiter.tryAcquire(content, "user:a");

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(limiter.tryAcquire(content, "user:b").remaining()).as("every key has its own bucket").isEqualTo(299);
        clock.advance(Duration.ofMillis(200));
        assertThat(limiter.tryAcquire(content, "user:a").allowed()).isTrue();
    }

    @Test
    void aCallCanTakeSeveralTokensAtOnceAllOrNone() {
        LocalRateLimiter limiter = new LocalRateLimiter(clock, 1000);

        RateLimitDecision heavy = limiter.tryAcquire(content, "user:a", 250);
        RateLimitDecision tooHeavy = limiter.tryAcquire(content, "user:a", 51);
        RateLimitDecision rest = limiter.tryAcquire(content, "user:a", 50);

        assertThat(heavy.allowed()).isTrue();
        assertThat(heavy.remaining()).isEqualTo(50);
        assertThat(tooHeavy.allowed()).as("all or none").isFalse();
        assertThat(tooHeavy.retryAfter()).as("one token refills every 200 ms").isEqualTo(Duration.ofMillis(200));
        assertThat(rest.allowed()).isTrue();
        assertThat(rest.remaining()).isZero();
        assertThatThrownBy(() -> limiter.tryAcquire(content, "user:a", 0)).hasMessage("tokens must be >= 1, was 0");
    }

    @Test
    void theFallbackTakesTheSameNumberOfTokensLocallyWhileTheStoreIsDown() {
        RateLimiter broken = new RateLimiter() {
            @Override
            public RateLimitDecision tryAcquire(EndpointPolicy policy, String key) {
                throw new IllegalStateException("redis is down");
            }

            @Override
            public RateLimitDecision tryAcquire(EndpointPolicy policy, String key, long tokens) {
                throw new IllegalStateException("redis is down");
            }
        };
        LocalRateLimiter local = new LocalRateLimiter(clock, 1000);
        FallbackRateLimiter limiter = new FallbackRateLimiter(broken, local, clock, Duration.ofSeconds(5));

        assertThat(limiter.tryAcquire(content, "user:a", 299).remaining()).isEqualTo(1);
        assertThat(limiter.tryAcquire(content, "user:a", 2).allowed()).isFalse();
    }

    @Test
    void reportsTheTimeUntilTheBucketIsFull() {
        LocalRateLimiter limiter = new LocalRateLimiter(clock, 1000);
        EndpointPolicy auth = new EndpointPolicy("auth", 10, Duration.ofMinutes(1), RateLimitKey.IP, null);

        RateLimitDecision first = limiter.tryAcquire(auth, "ip:1");
        limiter.tryAcquire(auth, "ip:1");

        assertThat(first.remaining()).isEqualTo(9);
        assertThat(first.resetAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(limiter.tryAcquire(auth, "ip:1").resetAfter()).isEqualTo(Duration.ofSeconds(18));
    }

    @Test
    void fallsBackToLocalBucketsWhenTheSharedStoreFailsAndSaysSoOnce(CapturedOutput output) {
        AtomicInteger sharedCalls = new AtomicInteger();
        RateLimiter broken = (policy, key) -> {
            sharedCalls.incrementAndGet();
            throw new IllegalStateException("redis is down");
        };
        EndpointPolicy auth = new EndpointPolicy("auth", 2, Duration.ofMinutes(1), RateLimitKey.IP, null);
        FallbackRateLimiter limiter = new FallbackRateLimiter(broken, new LocalRateLimiter(clock, 10), clock,
                Duration.ofSeconds(5));

        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).isTrue();
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).isTrue();
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).as("never no limit").isFalse();
        assertThat(sharedCalls).as("not retried before the interval").hasValue(1);

        clock.advance(Duration.ofSeconds(5).plusMillis(1));
        limiter.tryAcquire(auth, "ip:1");

        assertThat(sharedCalls).hasValue(2);
        assertThat(output.getAll().split("event=rate_limit_store_down", -1)).hasSize(2);
    }

    @Test
    void whileTheSharedCircuitIsOpenEveryCheckIsLocalWithoutAskingTheStore() {
        AtomicInteger sharedCalls = new AtomicInteger();
        RateLimiter store = (policy, key) -> {
            sharedCalls.incrementAndGet();
            return new LocalRateLimiter(clock, 10).tryAcquire(policy, key);
        };
        io.github.resilience4j.circuitbreaker.CircuitBreaker redis = io.github.resilience4j.circuitbreaker.CircuitBreaker
                .of("redis", io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .permittedNumberOfCallsInHalfOpenState(1).build());
        EndpointPolicy auth = new EndpointPolicy("auth", 2, Duration.ofMinutes(1), RateLimitKey.IP, null);
        FallbackRateLimiter limiter = new FallbackRateLimiter(store, new LocalRateLimiter(clock, 10), redis);
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).isTrue();
        assertThat(sharedCalls).hasValue(1);

        // Opened by another user of the breaker, the cache, which found Redis gone.
        redis.transitionToOpenState();
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).isTrue();
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).isTrue();
        assertThat(limiter.tryAcquire(auth, "ip:1").allowed()).as("never no limit").isFalse();
        assertThat(sharedCalls).as("the store was not asked").hasValue(1);
        assertThat(limiter.isFallingBack()).isTrue();

        redis.transitionToHalfOpenState();
        limiter.tryAcquire(auth, "ip:2");
        assertThat(redis.getState()).as("a trial that succeeded closes it")
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.CLOSED);
        assertThat(limiter.isFallingBack()).isFalse();
    }
}
