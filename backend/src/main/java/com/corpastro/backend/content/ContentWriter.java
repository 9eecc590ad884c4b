package com.corpastro.backend.content;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes content text: through the external generator when {@code corp-astro.content.generator.url}
 * is set, otherwise, and whenever the external call fails or its circuit is open, with the
 * built-in generator, so a user always gets content.
 *
 * <p>Each attempt passes the circuit breaker, and the retry (5xx, timeouts, connection failures,
 * with doubling pauses) wraps it, so every attempt counts in the failure rate and an open circuit
 * stops the retries at once. Circuit state changes are logged on one line; the circuit and the
 * retry are metered as {@code resilience4j.circuitbreaker.*} and {@code resilience4j.retry.*}
 * with {@code name=content-generator}.
 */
@Component
public class ContentWriter {

    /** The name of the circuit breaker and the retry in logs and meters. */
    public static final String NAME = "content-generator";

    private static final Logger log = LoggerFactory.getLogger(ContentWriter.class);

    private final BuiltinContentGenerator builtin;
    private final ExternalContentGenerator external;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    ContentWriter(BuiltinContentGenerator builtin, ContentGeneratorProperties properties,
            ObjectProvider<MeterRegistry> meters) {
        this.builtin = builtin;
        if (!properties.isEnabled()) {
            this.external = null;
            this.circuitBreaker = null;
            this.retry = null;
            return;
        }
        this.external = new ExternalContentGenerator(properties, builtin);
        ContentGeneratorProperties.CircuitBreaker circuit = properties.getCircuitBreaker();
        CircuitBreakerRegistry circuits = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(circuit.getWindow())
                .minimumNumberOfCalls(circuit.getWindow())
                .failureRateThreshold(circuit.getFailureRateThreshold())
                .waitDurationInOpenState(circuit.getWaitInOpen())
                .permittedNumberOfCallsInHalfOpenState(circuit.getHalfOpenCalls())
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(properties.getRetryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.getRetryBackoff(), 2.0))
                .retryOnException(ContentWriter::retryable)
                .build());
        this.circuitBreaker = circuits.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        circuitBreaker.getEventPublisher().onStateTransition(event -> log.warn(
                "event=circuit_state_change name={} from={} to={}", NAME,
                event.getStateTransition().getFromState(), event.getStateTransition().getToState()));
        meters.ifAvailable(registry -> {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuits).bindTo(registry);
            TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        });
        log.info("event=content_generator_configured url={} model={} timeout={} retry_attempts={}",
                properties.redactedUrl(), properties.getModel(), properties.getTimeout(), properties.getRetryAttempts());
    }

    /**
     * The text for {@code business}, {@code type} and the period starting {@code periodStart}, with
     * the sky it is written from: one computation feeds both, whichever generator writes.
     */
    public GeneratedText write(Business business, ContentType type, LocalDate periodStart, Template template) {
        PeriodSky period = builtin.read(business, type, periodStart);
        Sky sky = Sky.of(period);
        if (external != null) {
            Supplier<String> call = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker,
                    () -> external.generate(period, template)));
            try {
                return new GeneratedText(call.get(), ContentSource.EXTERNAL, sky);
            } catch (CallNotPermittedException e) {
                log.debug("event=external_generation_skipped reason=circuit_open businessId={}", business.id());
            } catch (RuntimeException e) {
                log.warn("event=external_generation_failed businessId={} type={} period={} error=\"{}\" fallback=builtin",
                        business.id(), type.key(), periodStart, e.getMessage());
            }
        }
        return new GeneratedText(builtin.write(period, template), ContentSource.BUILTIN, sky);
    }

    /**
     * The sky content for {@code business}, {@code type} and the period starting {@code periodStart}
     * is written from: the same as {@link #write} gives, for content stored or cached without it.
     */
    public Sky sky(Business business, ContentType type, LocalDate periodStart) {
        return Sky.of(builtin.read(business, type, periodStart));
    }

    /** The circuit breaker of the external generator; empty when none is configured. */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(circuitBreaker);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof ExternalContentGenerator.GeneratorCallException call && call.retryable();
    }
}
