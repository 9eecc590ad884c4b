package com.corpastro.performance.scaling;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * The drain on SIGTERM. When the JVM shuts down (a signal or {@code System.exit}) and the context
 * closes, before any bean stops: readiness turns {@code REFUSING_TRAFFIC} (Spring Boot's servlet
 * context has already published it), this node leaves the heartbeats, {@link DrainStarted} is
 * published, and the closing thread waits the drain delay while the node keeps serving, its
 * HTTP/1.1 responses carrying {@code Connection: close} so load balancers drop their kept-alive
 * connections to it. Then Spring's graceful shutdown finishes the requests in flight. A context
 * closed from code while the JVM runs on (tests, embedded use) is not held up, nor is a node that
 * received no request (not even a health check) within the drain delay: no load balancer routes
 * to it.
 */
final class Drain implements ApplicationListener<ContextClosedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(Drain.class);

    /** Waits out the drain delay; a test passes one that records the delay instead. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration delay) throws InterruptedException;
    }

    private final ApplicationContext context;
    private final Duration delay;
    private final BooleanSupplier jvmShuttingDown;
    private final Pause pause;
    private final Runnable onStart;
    private final RequestLoad load;
    private volatile boolean draining;

    /**
     * @param jvmShuttingDown whether the JVM is shutting down, checked when the context closes
     * @param onStart         run when the drain starts, before the pause (leaves the heartbeats)
     */
    Drain(ApplicationContext context, Duration delay, BooleanSupplier jvmShuttingDown, Pause pause, Runnable onStart,
            RequestLoad load) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("drainDelay must be >= 0, was " + delay);
        }
        this.context = context;
        this.delay = delay;
        this.jvmShuttingDown = jvmShuttingDown;
        this.pause = pause;
        this.onStart = onStart;
        this.load = load;
    }

    /** Whether the node is draining: responses close their connections. */
    boolean draining() {
        return draining;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context || draining) {
            return;
        }
        if (!jvmShuttingDown.getAsBoolean()) {
            log.debug("event=drain_skipped reason=context_closed_in_code");
            return;
        }
        Duration idle = load.sinceLastRequest();
        if (idle.compareTo(delay) >= 0) {
            // Load balancers check readiness more often than the drain delay (or the drain would not
            // work): a node nobody asked anything for that long is in no rotation.
            log.info("event=drain_skipped reason=no_request_within_drain_delay delay_ms={}", delay.toMillis());
            return;
        }
        draining = true;
        ApplicationAvailability availability = context.getBeanProvider(ApplicationAvailability.class).getIfAvailable();
        if (availability == null || availability.getReadinessState() != ReadinessState.REFUSING_TRAFFIC) {
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        }
        onStart.run();
        context.publishEvent(new DrainStarted(delay));
        log.info("event=drain_started delay_ms={} in_flight={} readiness=REFUSING_TRAFFIC", delay.toMillis(),
                load.inFlight());
        try {
            pause.pause(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=drain_finished in_flight={} next=graceful_shutdown", load.inFlight());
    }

    /** First among the listeners of the close: everything still runs while the node drains. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Whether the JVM is running its shutdown hooks: it refuses new ones then. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> {
        });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
        } catch (IllegalStateException shuttingDown) {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }
}
