package com.corpastro.performance.monitor;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Provides the {@link PerformanceMonitor}, its rollup store (the application's single
 * {@link DataSource} when there is one, else memory), and the background thread that runs every
 * {@link MonitorSampler} (the process first) and writes rollups. Other features add their own
 * samplers and {@link SummaryContributor summary sections} when a monitor is there. Configured by
 * {@code corp-astro.monitor.*}; every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "corp-astro.monitor", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MonitorProperties.class)
public class MonitorAutoConfiguration {

    /** The final flush is {@link MonitorTasks}'s, bounded in time; no second one on destruction. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean(PerformanceMonitor.class)
    PerformanceMonitor corpAstroPerformanceMonitor(MonitorProperties properties, RollupStore rollupStore,
            ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<Clock> clock) {
        PerformanceMonitor.Builder builder = PerformanceMonitor.builder()
                .clock(clock.getIfUnique(Clock::systemUTC))
                .capacity(properties.getCapacity())
                .rawRetention(properties.getRawRetention())
                .maximumSeries(properties.getMaximumSeries())
                .rollupStore(rollupStore)
                .rollupRetention(properties.getRollupRetention())
                .meterRegistry(meterRegistry.getIfUnique());
        if (properties.getNodeId() != null && !properties.getNodeId().isBlank()) {
            builder.nodeId(properties.getNodeId());
        }
        return builder.build();
    }

    /**
     * Rollups go to the application's database when it has exactly one DataSource (and
     * {@code corp-astro.monitor.jdbc-rollups} is not false), otherwise they stay in memory.
     */
    @Bean
    @ConditionalOnMissingBean(RollupStore.class)
    RollupStore corpAstroRollupStore(ObjectProvider<DataSource> dataSources, MonitorProperties properties) {
        DataSource dataSource = properties.isJdbcRollups() ? dataSources.getIfUnique() : null;
        if (dataSource == null) {
            return new InMemoryRollupStore(100_000);
        }
        return new JdbcRollupStore(dataSource, properties.getRollupTable(), properties.isCreateRollupTable());
    }

    @Bean
    @ConditionalOnMissingBean(SystemSampler.class)
    SystemSampler corpAstroSystemSampler() {
        return new SystemSampler();
    }

    /** Runs every sampler, the process's first (it is ordered first). */
    @Bean
    MonitorTasks corpAstroMonitorTasks(PerformanceMonitor monitor, ObjectProvider<MonitorSampler> samplers,
            MonitorProperties properties) {
        return new MonitorTasks(monitor, samplers.orderedStream().toList(), positive("sample-interval",
                properties.getSampleInterval()), positive("flush-interval", properties.getFlushInterval()));
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("corp-astro.monitor." + name + " must be > 0, was " + value);
        }
        return value;
    }
}
