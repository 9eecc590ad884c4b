package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.MockClock;

class DrainTest {

    private final MockClock clock = new MockClock();
    private final RequestLoad load = new RequestLoad(clock, Duration.ofSeconds(30));
    private final List<String> steps = new ArrayList<>();
    private final AtomicReference<ReadinessState> readinessDuringPause = new AtomicReference<>();
    private final AtomicReference<String> connectionDuringPause = new AtomicReference<>();

    @Test
    void onShutdownReadinessRefusesAtOnceTheNodeLeavesAndKeepsServingWithConnectionCloseForTheDelay()
            throws Exception {
        try (GenericApplicationContext context = context(true)) {
            context.close();
        }
        assertThat(steps).containsExactly("left", "event PT5S", "paused PT5S");
        assertThat(readinessDuringPause.get()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        assertThat(connectionDuringPause.get()).isEqualTo("close");
    }

    @Test
    void aNodeThatReceivedNoRequestWithinTheDrainDelayIsInNoRotationAndClosesAtOnce() {
        try (GenericApplicationContext context = context(true)) {
            clock.add(Duration.ofSeconds(5));
            context.close();
        }
        assertThat(steps).isEmpty();
    }

    @Test
    void aContextClosedInCodeWhileTheJvmRunsOnIsNotHeldUp() {
        try (GenericApplicationContext context = context(false)) {
            context.close();
        }
        assertThat(steps).isEmpty();
    }

    @Test
    void responsesCloseTheirConnectionOnlyWhileDrainingAndOnlyOnHttp1() throws Exception {
        Drain idle = new Drain(new GenericApplicationContext(), Duration.ZERO, () -> true, delay -> {
        }, () -> {
        }, load);
        assertThat(serve(new NodeLoadFilter(load, idle), "HTTP/1.1").getHeader("Connection")).isNull();

        GenericApplicationContext context = new GenericApplicationContext();
        Drain drain = new Drain(context, Duration.ofSeconds(5), () -> true, delay -> {
        }, () -> {
        }, load);
        load.finished(load.started());
        context.refresh();
        drain.onApplicationEvent(new ContextClosedEvent(context));
        assertThat(serve(new NodeLoadFilter(load, drain), "HTTP/1.1").getHeader("Connection")).isEqualTo("close");
        assertThat(serve(new NodeLoadFilter(load, drain), "HTTP/2.0").getHeader("Connection")).isNull();
        context.close();
    }

    @Test
    void theFilterCountsTheRequestWhileItRuns() throws Exception {
        Drain drain = new Drain(new GenericApplicationContext(), Duration.ZERO, () -> false, delay -> {
        }, () -> {
        }, load);
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/x");
        AtomicReference<Integer> during = new AtomicReference<>();
        new NodeLoadFilter(load, drain).doFilter(request, new MockHttpServletResponse(),
                (req, res) -> during.set(load.inFlight()));
        assertThat(during.get()).isEqualTo(1);
        assertThat(load.inFlight()).isZero();
    }

    @Test
    void aNegativeDelayFailsWithTheValue() {
        assertThatThrownBy(() -> new Drain(new GenericApplicationContext(),
                Duration.ofSeconds(-1), () -> true, delay -> {
                }, () -> {
                }, load)).hasMessage("drainDelay must be >= 0, was PT-1S");
    }

    private GenericApplicationContext context(boolean jvmShuttingDown) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(ApplicationAvailabilityBean.class);
        AtomicReference<Drain> drain = new AtomicReference<>();
        context.registerBean(Drain.class, () -> {
            drain.set(new Drain(context, Duration.ofSeconds(5), () -> jvmShuttingDown, delay -> {
                readinessDuringPause.set(context.getBean(ApplicationAvailability.class).getReadinessState());
                connectionDuringPause.set(serve(new NodeLoadFilter(load, drain.get()), "HTTP/1.1")
                        .getHeader("Connection"));
                steps.add("paused " + delay);
            }, () -> steps.add("left"), load));
            return drain.get();
        });
        context.addApplicationListener(event -> {
            if (event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof DrainStarted started) {
                steps.add("event " + started.delay());
            }
        });
        context.refresh();
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        load.finished(load.started()); // a load balancer's health check, say
        clock.add(Duration.ofMillis(4_900));
        return context;
    }

    private MockHttpServletResponse serve(NodeLoadFilter filter, String protocol) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/x");
        request.setProtocol(protocol);
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(request, response, new MockFilterChain());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
