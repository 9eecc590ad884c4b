package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MockClock;

class RequestLoadTest {

    private final MockClock clock = new MockClock();
    private final RequestLoad load = new RequestLoad(clock, Duration.ofSeconds(30));

    @Test
    void countsRequestsInFlightUntilTheyFinish() {
        long first = load.started();
        long second = load.started();
        assertThat(load.inFlight()).isEqualTo(2);
        load.finished(first);
        assertThat(load.inFlight()).isEqualTo(1);
        load.finished(second);
        assertThat(load.inFlight()).isZero();
    }

    @Test
    void busyTimeOverAnIntervalIsTheExactAverageConcurrencyIncludingRequestsStillRunning() {
        long t0 = load.now();
        long busy0 = load.busyNanos(t0);
        long a = load.started();            // runs the whole 10 s
        clock.add(Duration.ofSeconds(5));
        long b = load.started();            // runs the last 5 s and is still running at the reading
        clock.add(Duration.ofSeconds(2));
        long c = load.started();            // runs 1 s and finishes
        clock.add(Duration.ofSeconds(1));
        load.finished(c);
        clock.add(Duration.ofSeconds(2));
        load.finished(a);
        long t1 = load.now();
        double average = (double) (load.busyNanos(t1) - busy0) / (t1 - t0);
        assertThat(average).isCloseTo((10 + 5 + 1) / 10.0, within(1e-9));
        assertThat(load.inFlight()).isEqualTo(1);
        load.finished(b);
    }

    @Test
    void p95IsTakenOverTheWindowAndForgetsOlderRequests() {
        for (int i = 0; i < 100; i++) {
            long start = load.started();
            clock.add(Duration.ofMillis(i < 90 ? 10 : 400));
            load.finished(start);
        }
        assertThat(load.p95().toMillis()).isBetween(380L, 420L);
        clock.add(Duration.ofSeconds(31));
        assertThat(load.p95()).isEqualTo(Duration.ZERO);
    }

    @Test
    void knowsHowLongAgoTheLastRequestStarted() {
        assertThat(load.sinceLastRequest()).as("none yet").isGreaterThan(Duration.ofDays(365));
        load.finished(load.started());
        clock.add(Duration.ofSeconds(3));
        assertThat(load.sinceLastRequest()).isEqualTo(Duration.ofSeconds(3));
        clock.add(Duration.ofMillis(50));
        load.finished(load.started());
        clock.add(Duration.ofMillis(50));
        load.finished(load.started()); // within 100 ms of the one before: not written again
        assertThat(load.sinceLastRequest()).as("to within 100 ms").isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void aWindowThatIsNotPositiveFailsWithTheValue() {
        assertThatThrownBy(() -> new RequestLoad(clock, Duration.ZERO)).hasMessage("window must be > 0, was PT0S");
    }
}
