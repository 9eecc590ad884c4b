package com.corpastro.performance.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.corpastro.performance.db.PoolSnapshot;

import io.micrometer.core.instrument.MockClock;

class SignalSamplerTest {

    private static final ScalingPolicy POLICY = new ScalingPolicy(4, 0.5, Duration.ofMillis(200),
            Duration.ofSeconds(10), 0.1, 1, 10, Duration.ofMinutes(5));

    private final MockClock clock = new MockClock();
    private final RequestLoad load = new RequestLoad(clock, POLICY.window());
    private double cpu = 0.25;
    private final AtomicReference<PoolSnapshot> pool = new AtomicReference<>(new PoolSnapshot(0, 5, 0, 5, 5, 0));
    private final SignalSampler sampler = new SignalSampler(load, () -> cpu, pool::get, POLICY);

    @Test
    void eachSignalIsItsValueOverItsTargetAndTheCombinedUtilizationIsTheHighest() {
        sampler.sample();
        for (int i = 0; i < 8; i++) {
            load.started();                             // 8 requests in flight for the whole interval
        }
        pool.set(new PoolSnapshot(5, 0, 3, 5, 5, 0));   // every connection busy, 3 threads waiting
        cpu = 0.75;
        clock.add(Duration.ofSeconds(1));
        NodeSignals signals = sampler.sample();

        assertThat(signals.signals().get("requests").value()).isEqualTo(8.0);
        assertThat(signals.signals().get("requests").utilization()).isEqualTo(2.0);
        assertThat(signals.signals().get("cpu").value()).as("mean of 0.25 and 0.75").isEqualTo(0.5);
        assertThat(signals.signals().get("cpu").utilization()).isEqualTo(1.0);
        assertThat(signals.signals().get("pool").value()).as("mean of 0 and 5 + 3").isEqualTo(4.0);
        assertThat(signals.signals().get("pool").utilization()).isEqualTo(0.8);
        assertThat(signals.utilization()).isEqualTo(2.0);
        assertThat(signals.dominant()).isEqualTo("requests");
        assertThat(signals.inFlight()).isEqualTo(8);
        assertThat(signals.poolPending()).isEqualTo(3);
    }

    @Test
    void theRequestSignalAveragesOnlyOverTheWindow() {
        long start = load.started();
        sampler.sample();
        for (int second = 0; second < 10; second++) {
            clock.add(Duration.ofSeconds(1));
            sampler.sample();
        }
        load.finished(start);
        for (int second = 0; second < 5; second++) {
            clock.add(Duration.ofSeconds(1));
            sampler.sample();
        }
        // The last 10 s: one request in flight for 5 of them.
        assertThat(sampler.sample().signals().get("requests").value()).isCloseTo(0.5, within(1e-9));
        for (int second = 0; second < 10; second++) {
            clock.add(Duration.ofSeconds(1));
            sampler.sample();
        }
        assertThat(sampler.sample().signals().get("requests").value()).isZero();
    }

    @Test
    void latencyIsTheP95OverTheObjective() {
        for (int i = 0; i < 20; i++) {
            long start = load.started();
            clock.add(Duration.ofMillis(300));
            load.finished(start);
        }
        NodeSignals signals = sampler.sample();
        assertThat(signals.signals().get("latency").target()).isEqualTo(200.0);
        assertThat(signals.signals().get("latency").utilization()).isCloseTo(1.5, within(0.05));
        assertThat(signals.dominant()).isEqualTo("latency");
    }

    @Test
    void signalsTheNodeCannotMeasureAreLeftOut() {
        SignalSampler bare = new SignalSampler(load, () -> -1, null, POLICY);
        NodeSignals signals = bare.sample();
        assertThat(signals.signals()).containsOnlyKeys("requests", "latency");
        assertThat(signals.poolPending()).isEqualTo(-1);
        SignalSampler poolNotStarted = new SignalSampler(load, () -> -1, () -> null, POLICY);
        assertThat(poolNotStarted.sample().signals()).doesNotContainKey("pool");
    }
}
