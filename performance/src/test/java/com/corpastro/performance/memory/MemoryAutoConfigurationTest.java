package com.corpastro.performance.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.corpastro.performance.autoconfigure.MemoryAutoConfiguration;

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
}
