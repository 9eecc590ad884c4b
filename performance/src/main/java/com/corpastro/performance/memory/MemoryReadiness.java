package com.corpastro.performance.memory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Takes the application out of rotation while the {@link MemoryManager} sheds load: publishes
 * Spring Boot's {@link ReadinessState#REFUSING_TRAFFIC} when the state rises to
 * {@link MemoryState#CRITICAL} and {@link ReadinessState#ACCEPTING_TRAFFIC} when it falls below,
 * so {@code /actuator/health/readiness} answers 503 meanwhile while liveness stays UP (the
 * process is healthy; it only needs less traffic). It never declares the application ready on
 * its own: only when the application was accepting traffic before, and not while it shuts down.
 *
 * <pre>{@code
 * MemoryReadiness readiness = new MemoryReadiness(applicationContext);
 * MemoryManager memory = MemoryManager.builder().listener(readiness).build();
 * // and register readiness as an ApplicationListener (it is one), as the auto-configuration does
 * }</pre>
 */
final class MemoryReadiness implements MemoryPressureListener, ApplicationListener<ApplicationEvent> {

    private static final Logger log = LoggerFactory.getLogger(MemoryReadiness.class);

    private final ApplicationEventPublisher publisher;
    private volatile boolean shedding;
    /** Whether the rest of the application last declared itself ready. */
    private volatile boolean acceptingElsewhere;
    private volatile boolean closing;

    MemoryReadiness(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public synchronized void onMemoryStateChange(MemoryState previous, MemoryState current, double heapUsage) {
        boolean nowShedding = current == MemoryState.CRITICAL;
        if (nowShedding == shedding) {
            return;
        }
        shedding = nowShedding;
        if (nowShedding) {
            publish(ReadinessState.REFUSING_TRAFFIC);
        } else if (acceptingElsewhere && !closing) {
            publish(ReadinessState.ACCEPTING_TRAFFIC);
        }
    }

    @Override
    public synchronized void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ContextClosedEvent) {
            closing = true;
        } else if (event instanceof AvailabilityChangeEvent<?> change && change.getSource() != this
                && change.getState() instanceof ReadinessState state) {
            acceptingElsewhere = state == ReadinessState.ACCEPTING_TRAFFIC;
            if (acceptingElsewhere && shedding) {
                publish(ReadinessState.REFUSING_TRAFFIC); // became ready while already shedding load
            }
        }
    }

    private void publish(ReadinessState state) {
        log.warn("event=readiness_change state={} reason=memory_load_shedding", state);
        AvailabilityChangeEvent.publish(publisher, this, state);
    }
}
