package com.corpastro.backend.content;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The {@code contentGenerator} health component: UP when no external generator is configured or
 * its circuit is closed; {@code DEGRADED} while the circuit is open or half-open. Content is then
 * written by the built-in generator, so the service still works: {@code DEGRADED} answers 200
 * and is never DOWN (see {@code management.endpoint.health.status.*} in application.properties).
 */
@Component("contentGenerator")
class ContentGeneratorHealthIndicator implements HealthIndicator {

    /** The service answers, with built-in content instead of the external generator's. */
    static final Status DEGRADED = new Status("DEGRADED", "external generator unavailable, built-in content served");

    private final ContentWriter writer;

    ContentGeneratorHealthIndicator(ContentWriter writer) {
        this.writer = writer;
    }

    @Override
    public Health health() {
        return writer.circuitBreaker().map(ContentGeneratorHealthIndicator::health)
                .orElseGet(() -> Health.up().withDetail("external", false).build());
    }

    private static Health health(CircuitBreaker circuit) {
        CircuitBreaker.State state = circuit.getState();
        Health.Builder health = state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED
                ? Health.up() : Health.status(DEGRADED);
        CircuitBreaker.Metrics metrics = circuit.getMetrics();
        return health.withDetail("external", true)
                .withDetail("circuit", state.name())
                .withDetail("failureRate", metrics.getFailureRate())
                .withDetail("failedCalls", metrics.getNumberOfFailedCalls())
                .withDetail("notPermittedCalls", metrics.getNumberOfNotPermittedCalls())
                .build();
    }
}
