package com.corpastro.performance.memory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.monitor.MonitorAutoConfiguration;
import com.corpastro.performance.monitor.MonitorSampler;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.SummaryContributor;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Provides the {@link MemoryManager} (started: it listens to GC notifications), the
 * {@link LoadShedding} guard, and two listeners: one that clears the in-process
 * application cache (the in-process level of a
 * {@link TieredCacheManager}) when heap use after GC first rises above normal, one that records
 * every state change in the {@link PerformanceMonitor} and Micrometer. Other
 * {@link MemoryPressureListener} beans are added too, among them {@link MemoryReadiness}, which
 * makes readiness refuse traffic while load is shed ({@code corp-astro.memory.readiness=false}
 * turns it off). With Spring Boot's health support it adds the {@code memory} health component; with
 * a monitor, the {@code memory} section of its summary and a re-check of the heap every sample
 * interval, recorded as {@code memory_state} and {@code heap_used_after_gc}. Configured by
 * {@code corp-astro.memory.*}.
 */
@AutoConfiguration(after = MonitorAutoConfiguration.class)
@ConditionalOnProperty(prefix = "corp-astro.memory", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MemoryProperties.class)
public class MemoryAutoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean(MemoryManager.class)
    MemoryManager corpAstroMemoryManager(MemoryProperties properties,
            ObjectProvider<MemoryPressureListener> listeners) {
        MemoryManager.Builder builder = MemoryManager.builder()
                .warningLevel(properties.getWarningLevel())
                .criticalLevel(properties.getCriticalLevel())
                .hysteresis(properties.getHysteresis())
                .retryAfter(properties.getRetryAfter());
        listeners.orderedStream().forEach(builder::listener);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(LoadShedding.class)
    LoadShedding corpAstroLoadShedding(MemoryManager memoryManager) {
        return new LoadShedding(memoryManager);
    }

    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.memory", name = "shrink-caches", matchIfMissing = true)
    MemoryPressureListener corpAstroCacheShrinker(ObjectProvider<CacheManager> caches) {
        return (previous, current, usage) -> {
            // Only when pressure starts: clearing again on the way to critical would turn the
            // cached reads that must keep working during load shedding into refused generations.
            if (previous == MemoryState.NORMAL && current != MemoryState.NORMAL) {
                caches.orderedStream().forEach(cache -> {
                    if (cache instanceof TieredCacheManager tiered) {
                        tiered.clearLocal(); // only the in-process level; Redis holds no heap
                    }
                });
                org.slf4j.LoggerFactory.getLogger(MemoryManager.class)
                        .warn("event=memory_action action=cache_cleared state={}", current);
            }
        };
    }

    /** Readiness refuses traffic while load is shed; liveness is left alone. */
    @Bean
    @ConditionalOnProperty(prefix = "corp-astro.memory", name = "readiness", matchIfMissing = true)
    @ConditionalOnMissingBean(MemoryReadiness.class)
    MemoryReadiness corpAstroMemoryReadiness(ApplicationEventPublisher publisher) {
        return new MemoryReadiness(publisher);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class MemoryHealth {

        /** The {@code memory} health component. */
        @Bean
        @ConditionalOnMissingBean(name = "memoryHealthIndicator")
        MemoryHealthIndicator memoryHealthIndicator(MemoryManager memoryManager) {
            return new MemoryHealthIndicator(memoryManager);
        }
    }

    /** With a monitor: the memory section of its summary, and the heap re-checked every sample interval. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(PerformanceMonitor.class)
    static class MemoryMonitoring {

        @Bean
        SummaryContributor corpAstroMemorySummary(MemoryManager memoryManager) {
            return new MemorySummary(memoryManager);
        }

        @Bean
        MonitorSampler corpAstroMemorySampler(MemoryManager memoryManager) {
            return monitor -> {
                memoryManager.evaluate();
                monitor.recordMemoryUsage("memory_state", memoryManager.state().ordinal());
                monitor.recordMemoryUsage("heap_used_after_gc", memoryManager.lastHeapUsage() * 100);
            };
        }
    }

    @Bean
    MemoryPressureListener corpAstroMemoryMetrics(ObjectProvider<PerformanceMonitor> monitor,
            ObjectProvider<MeterRegistry> registry) {
        return (previous, current, usage) -> {
            monitor.ifAvailable(m -> m.recordMemoryUsage("memory_state", current.ordinal()));
            registry.ifAvailable(r -> r.counter("corp_astro.memory.state_changes", "from", previous.name(),
                    "to", current.name()).increment());
        };
    }
}
