package com.corpastro.performance.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RealtimeTasksTest {

    private final EventHub hub = new EventHub(new RealtimeProperties(), Clock.systemUTC(), System::nanoTime,
            String::valueOf, Runnable::run, new SimpleMeterRegistry());

    @Test
    void aTaskScheduledAfterTheStopRunsAtOnceInsteadOfFailingItsCaller() {
        RealtimeTasks tasks = new RealtimeTasks(hub, () -> null);
        tasks.start();
        tasks.stop();
        AtomicBoolean ran = new AtomicBoolean();
        tasks.schedule(() -> ran.set(true), Duration.ofHours(1));
        assertThat(ran).isTrue();
        tasks.destroy();
    }

    @Test
    void aStoppedContextStartsAgain() {
        RealtimeTasks tasks = new RealtimeTasks(hub, () -> null);
        tasks.start();
        tasks.stop();
        assertThat(hub.admit(new RealtimePrincipal("user:1", false, null))).isEqualTo("stopping");
        tasks.start();
        assertThat(tasks.isRunning()).isTrue();
        assertThat(hub.admit(new RealtimePrincipal("user:1", false, null))).isNull();
        tasks.destroy();
    }
}
