package com.corpastro.performance.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class MemoryAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MemoryAutoConfiguration.class));

    @Test
    void memoryManagerAndLoadSheddingAreOnByDefault() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MemoryManager.class).hasSingleBean(LoadShedding.class);
            assertThat(context.getBean(MemoryManager.class).warningLevel()).isEqualTo(0.75);
        });
    }

    @Test
    void levelsComeFromProperties() {
        runner.withPropertyValues("corp-astro.memory.warning-level=0.6", "corp-astro.memory.critical-level=0.8")
                .run(context -> assertThat(context.getBean(MemoryManager.class).criticalLevel()).isEqualTo(0.8));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("corp-astro.memory.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryManager.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwn() {
        MemoryManager own = MemoryManager.builder().build();
        runner.withBean(MemoryManager.class, () -> own)
                .run(context -> assertThat(context.getBean(MemoryManager.class)).isSameAs(own));
    }

    @Test
    void badLevelsFailWithTheValue() {
        runner.withPropertyValues("corp-astro.memory.critical-level=0.5").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("criticalLevel must be above warningLevel"));
    }

    @Test
    void readinessRefusesTrafficWhileLoadIsShedAndLivenessStaysCorrect() {
        runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class)).run(context -> {
            // What Spring Boot publishes once the application has started.
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
            MemoryManager memory = context.getBean(MemoryManager.class);

            memory.observe(0.80);
            assertThat(availability.getReadinessState()).as("warning level: caches shrink, traffic welcome")
                    .isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            memory.observe(0.95);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
            memory.observe(0.10);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
        });
    }

    @Test
    void recoveringFromPressureDoesNotDeclareAnApplicationReadyThatRefusesTrafficForItsOwnReasons() {
        runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class)).run(context -> {
            AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
            MemoryManager memory = context.getBean(MemoryManager.class);
            memory.observe(0.95);
            memory.observe(0.10);
            assertThat(context.getBean(ApplicationAvailability.class).getReadinessState())
                    .isEqualTo(ReadinessState.REFUSING_TRAFFIC);
        });
    }

    @Test
    void readinessCanBeLeftAlone() {
        runner.withPropertyValues("corp-astro.memory.readiness=false")
                .run(context -> assertThat(context).doesNotHaveBean(MemoryReadiness.class));
    }

    @Test
    void theMemoryHealthComponentIsOutOfServiceWhileLoadIsShed() {
        runner.run(context -> {
            HealthIndicator health = context.getBean("memoryHealthIndicator", HealthIndicator.class);
            MemoryManager memory = context.getBean(MemoryManager.class);
            memory.observe(0.10);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsEntry("state", "NORMAL");
            memory.observe(0.95);
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.health().getDetails()).containsEntry("state", "CRITICAL");
        });
    }
}
