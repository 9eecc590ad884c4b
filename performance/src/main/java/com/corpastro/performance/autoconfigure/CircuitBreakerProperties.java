package com.corpastro.performance.autoconfigure;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The settings of one dependency's circuit breaker (Resilience4j, a count-based window), such as
 * {@code corp-astro.db.circuit-breaker} and {@code corp-astro.cache.redis.circuit-breaker}. Bad
 * values fail start-up with the property's full name and the value in the message.
 */
public class CircuitBreakerProperties {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerProperties.class);

    private final String prefix;

    /** Whether calls to the dependency pass a circuit breaker. */
    private boolean enabled = true;

    /** How many of the most recent calls the failure rate is computed over (and the fewest it needs). */
    private int window;

    /** Failure rate, in percent of the window, at or above which the circuit opens. */
    private float failureRateThreshold = 50;

    /** How long the circuit stays open (every call refused at once) before trial calls are let through. */
    private Duration waitInOpen;

    /** Trial calls let through after the wait; the circuit closes when their failure rate is below the threshold. */
    private int halfOpenCalls;

    /** The defaults of a dependency with no settings of its own: a window of 10, 1 s open, 1 trial call. */
    public CircuitBreakerProperties() {
        this("circuit-breaker", 10, Duration.ofSeconds(1), 1);
    }

    /**
     * The settings of the dependency whose properties are under {@code prefix} (named in error messages),
     * with its defaults.
     */
    public CircuitBreakerProperties(String prefix, int window, Duration waitInOpen, int halfOpenCalls) {
        this.prefix = prefix;
        this.window = window;
        this.waitInOpen = waitInOpen;
        this.halfOpenCalls = halfOpenCalls;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        if (window < 1) {
            throw new IllegalArgumentException(prefix + ".window must be >= 1, was " + window);
        }
        this.window = window;
    }

    public float getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(float failureRateThreshold) {
        if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
            throw new IllegalArgumentException(
                    prefix + ".failure-rate-threshold must be in (0, 100], was " + failureRateThreshold);
        }
        this.failureRateThreshold = failureRateThreshold;
    }

    public Duration getWaitInOpen() {
        return waitInOpen;
    }

    public void setWaitInOpen(Duration waitInOpen) {
        if (waitInOpen == null || waitInOpen.isNegative() || waitInOpen.isZero()) {
            throw new IllegalArgumentException(prefix + ".wait-in-open must be > 0, was " + waitInOpen);
        }
        this.waitInOpen = waitInOpen;
    }

    public int getHalfOpenCalls() {
        return halfOpenCalls;
    }

    public void setHalfOpenCalls(int halfOpenCalls) {
        if (halfOpenCalls < 1) {
            throw new IllegalArgumentException(prefix + ".half-open-calls must be >= 1, was " + halfOpenCalls);
        }
        this.halfOpenCalls = halfOpenCalls;
    }

    /** The breaker {@code name} in {@code registry} with these settings; its state changes are logged on one line. */
    public CircuitBreaker create(String name, CircuitBreakerRegistry registry) {
        CircuitBreaker breaker = registry.circuitBreaker(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(failureRateThreshold)
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.State from = event.getStateTransition().getFromState();
            CircuitBreaker.State to = event.getStateTransition().getToState();
            // Opening and closing are news; the trial rounds of a long outage (open, half-open, open
            // again every wait-in-open) are not worth a line each.
            if (from == CircuitBreaker.State.CLOSED) {
                log.warn("event=circuit_state_change name={} from={} to={}", name, from, to);
            } else if (to == CircuitBreaker.State.CLOSED) {
                log.info("event=circuit_state_change name={} from={} to={}", name, from, to);
            } else {
                log.debug("event=circuit_state_change name={} from={} to={}", name, from, to);
            }
        });
        return breaker;
    }

    /** A registry holding just {@code breaker}, for meters that bind a registry. */
    public static CircuitBreakerRegistry registryOf(CircuitBreaker breaker) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        registry.circuitBreaker(breaker.getName(), breaker.getCircuitBreakerConfig());
        registry.replace(breaker.getName(), breaker);
        return registry;
    }
}
