package com.corpastro.performance.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class RealtimeAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RealtimeAutoConfiguration.class));

    @Test
    void hubStreamsAndAdminStreamAreOnByDefaultWithTheInProcessBus() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(EventHub.class).hasSingleBean(SseStreams.class)
                    .hasSingleBean(AdminEventsController.class).hasSingleBean(RealtimeTasks.class);
            assertThat(context.getBean(EventHub.class).figures()).containsEntry("bus", "in-process");
        });
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.realtime.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(EventHub.class).doesNotHaveBean(SseStreams.class));
    }

    @Test
    void anUnreachableRedisLeavesTheInProcessBus() {
        runner.withPropertyValues("corp-astro.realtime.redis-url=redis://127.0.0.1:1")
                .run(context -> assertThat(context.getBean(EventHub.class).figures()).containsEntry("bus", "in-process"));
    }

    @Test
    void badValuesFailWithTheValue() {
        runner.withPropertyValues("corp-astro.realtime.max-connections=0").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.maxConnections must be > 0, was 0"));
        runner.withPropertyValues("corp-astro.realtime.coalesce-window=-1s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessage("corp-astro.realtime.coalesce-window must be >= 0, was PT-1S"));
    }
}
